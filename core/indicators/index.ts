/** SPSO complaints performance indicators: per-case contributions, mergeable counts, the figures. */
export * from './contributions';
export * from './counts';
export * from './indicators';
