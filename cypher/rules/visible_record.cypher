// A note or document the viewer may read, given sees = sees_restricted_records of its child.
// The unrestricted test comes first so a search over many records skips the viewer's access
// subquery for most of them (the rule is the same either way).
// args: r, sees
NOT coalesce({r}.restricted, false) OR {sees}
