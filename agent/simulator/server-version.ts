/** The version a simulated server reports, by flavour (real release numbers of each line). */
import type { SyntheticCluster } from './synthetic-cluster.ts';

export function serverVersion(cluster: SyntheticCluster): string {
  switch (cluster.options.flavour) {
    case 'torque':
      return '6.1.3';
    case 'openpbs':
      return '23.06.06';
    default:
      return '2022.1.4.20230112061236';
  }
}
