import type { Figures } from './statistics-report';

/** A month's figures as the sweep emitted them on the first day of the next month (月通报). */
export interface MonthlyReport {
  month: string;
  generatedOn: string;
  total: Figures;
  agencies: { agencyId: string; agencyName: string; figures: Figures }[];
}

export interface ReportRepository {
  /** Stores a month's report unless one exists; true when it is new. */
  put(report: MonthlyReport): Promise<boolean>;
  list(): Promise<MonthlyReport[]>;
}
