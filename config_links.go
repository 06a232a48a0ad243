package main

import (
	"fmt"

	"vigil/bot"
	"vigil/indicators"
)

// LinksConfig configures linked cases: how indicators are read from
// reports, and which values never link two cases on their own.
type LinksConfig struct {
	// PhoneRegion is the ISO 3166 code of the country whose phone numbers
	// reporters write without a country code ("0470/123456"); default BE.
	PhoneRegion string `yaml:"phone_region"`
	// Common adds to the built-in list of common values (free e-mail
	// services, big platforms, EU institutions): the parliament's own
	// registrable domain ("bundestag.de", which covers every name under it)
	// or "kind: value" ("org: Deutscher Bundestag").
	Common []string `yaml:"common"`
}

// linkReading returns the extractor and the common list of the
// configuration; an error names the key at fault.
func (c Config) linkReading() (*indicators.Extractor, *indicators.Common, error) {
	x, err := indicators.NewExtractor(c.Links.PhoneRegion)
	if err != nil {
		return nil, nil, fmt.Errorf("config: links.phone_region: %w", err)
	}
	common, err := indicators.NewCommon(c.Links.Common...)
	if err != nil {
		return nil, nil, fmt.Errorf("config: links.common: %w", err)
	}
	return x, common, nil
}

// linking returns linked cases as the core runs them: indicators hashed
// under key (the blind-index key derived from the data key).
func (c Config) linking(key *indicators.Key) (bot.Linking, error) {
	x, common, err := c.linkReading()
	if err != nil {
		return bot.Linking{}, err
	}
	return bot.Linking{Key: key, Extractor: x, Common: common}, nil
}
