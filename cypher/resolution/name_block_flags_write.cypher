// One batch of name blocks' pairing flags (linkage.cross_child_step.block_flag_text: 'large', or
// one-holder / professional-holder bits), compared by the next increment with the block's flags then.
UNWIND $rows AS row
MATCH (b:NameBlock {key: row.block})
SET b.flags = row.flags
