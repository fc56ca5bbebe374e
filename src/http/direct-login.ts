import type { Request, Response } from 'express';
import type { AuthService } from '../auth/auth-service.js';

/**
 * `POST /my/logins/direct` (no version prefix, spec §5.1): credentials in the `DirectLogin` or
 * `Authorization: DirectLogin …` header; answers 201 `{"token": …}`.
 */
export function directLoginHandler(
  auth: AuthService,
): (req: Request, res: Response) => Promise<void> {
  return async (req, res) => {
    req.operationId = 'directLogin';
    const { token } = await auth.login(req.headers);
    res.status(201).json({ token });
  };
}
