/** OBP's error body. */
export interface ObpErrorBody {
  readonly code: number;
  readonly message: string;
}

/** supertest types every body as `any`; tests read bodies through this with the shape they expect. */
export function bodyOf<T>(res: { body: unknown }): T {
  return res.body as T;
}
