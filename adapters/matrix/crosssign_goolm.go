//go:build goolm

package matrix

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/crypto"
	"maunium.net/go/mautrix/crypto/signatures"
	"maunium.net/go/mautrix/crypto/ssss"
	"maunium.net/go/mautrix/crypto/utils"
	"maunium.net/go/mautrix/id"
)

// crossSign makes sure the bot's account has cross-signing keys and that
// the current device is signed by its self-signing key. Without keys on
// the account it creates them; otherwise it restores them from secret
// storage with the recovery key when the device still needs a signature.
func (s *cryptoStore) crossSign(ctx context.Context, opts crossSigning) error {
	mach := s.helper.Machine()
	user, device := mach.Client.UserID, mach.Client.DeviceID
	keys, err := mach.Client.QueryKeys(ctx, &mautrix.ReqQueryKeys{DeviceKeys: mautrix.DeviceKeysRequest{user: {device}}})
	if err != nil {
		return fmt.Errorf("query the bot's cross-signing keys: %w", err)
	}
	master, ok := keys.MasterKeys[user]
	if !ok {
		return bootstrapCrossSigning(ctx, mach, opts)
	}
	signed := deviceSigned(keys, user, device)
	if opts.recoveryKey == "" {
		if signed {
			opts.log.Info("matrix device is cross-signed", "device", device)
			return nil
		}
		return errors.New("matrix.recovery_key: the bot's account already has cross-signing keys; set its recovery key so that Vigil can sign this device")
	}
	if err := restoreCrossSigningKeys(ctx, mach, opts.recoveryKey); err != nil {
		return err
	}
	if mach.CrossSigningKeys.MasterKey.PublicKey() != master.FirstKey() {
		return errors.New("matrix.recovery_key: secret storage holds other cross-signing keys than the account publishes; reset cross-signing from a Matrix client")
	}
	if signed {
		opts.log.Info("matrix device is cross-signed", "device", device)
		return nil
	}
	if err := signDevice(ctx, mach); err != nil {
		return err
	}
	opts.log.Info("matrix device cross-signed with the keys from secret storage", "device", device)
	return nil
}

// bootstrapCrossSigning creates the secret storage key (unless the
// operator gave one), new cross-signing keys kept in secret storage,
// publishes them and signs the device. A created recovery key is written
// to opts.keyFile before the keys are published, so it cannot be lost.
func bootstrapCrossSigning(ctx context.Context, mach *crypto.OlmMachine, opts crossSigning) error {
	created := opts.recoveryKey == ""
	var key *ssss.Key
	var err error
	if created {
		key, err = ssss.NewKey("")
	} else {
		key, err = ssss.WrapKey(utils.DecodeBase58RecoveryKey(opts.recoveryKey), nil)
	}
	if err != nil {
		return fmt.Errorf("matrix.recovery_key: %w", err)
	}
	if err := mach.SSSS.SetKeyData(ctx, key.ID, key.Metadata); err != nil {
		return fmt.Errorf("store the secret storage key description: %w", err)
	}
	if err := mach.SSSS.SetDefaultKeyID(ctx, key.ID); err != nil {
		return fmt.Errorf("set the default secret storage key: %w", err)
	}
	xkeys, err := mach.GenerateCrossSigningKeys()
	if err != nil {
		return fmt.Errorf("generate cross-signing keys: %w", err)
	}
	if err := mach.UploadCrossSigningKeysToSSSS(ctx, key, xkeys); err != nil {
		return fmt.Errorf("store the cross-signing keys in secret storage: %w", err)
	}
	if created {
		if err := writeRecoveryKey(opts.keyFile, key.RecoveryKey()); err != nil {
			return err
		}
	}
	if err := mach.PublishCrossSigningKeys(ctx, xkeys, passwordAuth(mach.Client.UserID, opts.password)); err != nil {
		return uploadError(err, opts, created)
	}
	if err := signDevice(ctx, mach); err != nil {
		return err
	}
	opts.log.Info("matrix cross-signing keys created; the device is cross-signed", "device", mach.Client.DeviceID)
	if created {
		opts.log.Warn("a new matrix recovery key was written to a file: store its content safely (for example as matrix.recovery_key with your other secrets), then delete the file", "file", opts.keyFile)
	}
	return nil
}

// uploadError explains a refused key upload. A created recovery key file
// is removed when the refusal is final: its key protects nothing.
func uploadError(err error, opts crossSigning, created bool) error {
	var he mautrix.HTTPError
	refused := errors.As(err, &he) && (he.IsStatus(http.StatusUnauthorized) || he.IsStatus(http.StatusForbidden))
	if !refused {
		return fmt.Errorf("upload cross-signing keys: %w", err)
	}
	if created {
		_ = os.Remove(opts.keyFile)
	}
	if opts.password == "" {
		return fmt.Errorf("matrix.password: the homeserver asks for the bot's password to upload cross-signing keys; set matrix.password: %w", err)
	}
	return fmt.Errorf("matrix.password: the homeserver refused it for uploading cross-signing keys: %w", err)
}

// passwordAuth answers the homeserver's user-interactive auth with the
// password; without a password it gives up.
func passwordAuth(user id.UserID, password string) mautrix.UIACallback {
	return func(resp *mautrix.RespUserInteractive) any {
		if password == "" || !resp.HasSingleStageFlow(mautrix.AuthTypePassword) {
			return nil
		}
		return &mautrix.ReqUIAuthLogin{
			BaseAuthData: mautrix.BaseAuthData{Type: mautrix.AuthTypePassword, Session: resp.Session},
			User:         user.String(),
			Password:     password,
		}
	}
}

// restoreCrossSigningKeys unlocks secret storage with the recovery key and
// loads the cross-signing private keys from it.
func restoreCrossSigningKeys(ctx context.Context, mach *crypto.OlmMachine, recoveryKey string) error {
	keyID, keyData, err := mach.SSSS.GetDefaultKeyData(ctx)
	if err != nil {
		return fmt.Errorf("read the bot's secret storage key description: %w", err)
	}
	key, err := keyData.VerifyRecoveryKey(keyID, recoveryKey)
	if err != nil && !errors.Is(err, ssss.ErrUnverifiableKey) {
		return fmt.Errorf("matrix.recovery_key: it does not unlock the bot's secret storage: %w", err)
	}
	if err := mach.FetchCrossSigningKeysFromSSSS(ctx, key); err != nil {
		if errors.Is(err, ssss.ErrKeyDataMACMismatch) || errors.Is(err, ssss.ErrNotEncryptedForKey) {
			return fmt.Errorf("matrix.recovery_key: it does not decrypt the cross-signing keys in secret storage: %w", err)
		}
		return fmt.Errorf("read the cross-signing keys from secret storage: %w", err)
	}
	return nil
}

// signDevice signs the current device with the self-signing key, and the
// master key with the device, and uploads both signatures.
func signDevice(ctx context.Context, mach *crypto.OlmMachine) error {
	if err := mach.SignOwnDevice(ctx, mach.OwnIdentity()); err != nil {
		return fmt.Errorf("cross-sign the bot's device: %w", err)
	}
	if err := mach.SignOwnMasterKey(ctx); err != nil {
		return fmt.Errorf("sign the bot's master key with its device: %w", err)
	}
	return nil
}

// deviceSigned tells whether the device's keys in a /keys/query answer
// carry a valid signature by the user's self-signing key.
func deviceSigned(keys *mautrix.RespQueryKeys, user id.UserID, device id.DeviceID) bool {
	ssk, ok := keys.SelfSigningKeys[user]
	if !ok {
		return false
	}
	dk, ok := keys.DeviceKeys[user][device]
	if !ok {
		return false
	}
	sskKey := ssk.FirstKey()
	valid, err := signatures.VerifySignatureJSON(dk, user, sskKey.String(), sskKey)
	return err == nil && valid
}
