// A note or document the viewer may read, given sees = sees_restricted_records of its child.
// args: r, sees
{sees} OR NOT coalesce({r}.restricted, false)
