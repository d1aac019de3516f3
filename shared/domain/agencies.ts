import type { PageRequest, StorePage } from './paging';

/** An agency of the district: the respondent (被申请人) or defendant (被告) of cases. */
export interface Agency {
  /** a short slug such as `market-regulation` */
  id: string;
  /** e.g. 区市场监督管理局 */
  name: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** The port the HTTP layer uses; shared/store implements it on DynamoDB. */
export interface AgencyRepository {
  /** Adds an agency; AGENCY_EXISTS (409) if the id is taken. */
  create(agency: Agency): Promise<Agency>;
  get(id: string): Promise<Agency | undefined>;
  /** Replaces the hash of the agency's calendar-feed token (rotation); false if there is no such agency. */
  setFeedTokenHash(id: string, hash: string, at: string): Promise<boolean>;
  /** The hash of the agency's current feed token, if one was issued. */
  feedTokenHash(id: string): Promise<string | undefined>;
  list(page: PageRequest): Promise<StorePage<Agency>>;
}
