// SKYRELAY-PLACEHOLDER: replaced by the issue that fills this target.
