/** The kinds of extract the pipeline reads (batches.kind). */
const kindNames = ['co', 'inps', 'inps-cig', 'istat', 'excelsior'] as const;
export type KindName = (typeof kindNames)[number];
