"""A DigiD stand-in for development and the tests (never in production): the portal's
DigiD backend sends the browser here, the page asks for a BSN, and the browser goes back
to the portal with that BSN as if DigiD had vouched for it."""
