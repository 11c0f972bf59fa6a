/**
 * The officer API as the page uses it. An officer signed in with a code from `#dangnhap` holds
 * an HttpOnly session cookie the page never reads; an API token (admins, machines) lives in this
 * tab's sessionStorage (gone when the tab closes; never in a URL or localStorage) and goes out as
 * a Bearer header.
 */

const KEY = "hotline.token";

export const session = {
  get token() {
    return sessionStorage.getItem(KEY);
  },
  /** @param {string} token */
  signIn(token) {
    sessionStorage.setItem(KEY, token);
  },
  signOut() {
    sessionStorage.removeItem(KEY);
  },
};

/** An error answer of the API: its status, code and message. */
export class ApiError extends Error {
  /** @param {number} status @param {string} code @param {string} message @param {{path: string, message: string}[]} [fields] */
  constructor(status, code, message, fields = []) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    /** The body's fields the API refused, by path. */
    this.fields = fields;
  }
}

/** What the page says for the API's errors (its messages are English, for integrators). */
/** @param {unknown} err */
export function problemText(err) {
  if (!(err instanceof ApiError)) return "Không kết nối được tới máy chủ. Vui lòng thử lại.";
  switch (err.status) {
    case 401:
      if (err.code === "invalid_code") return "Mã đăng nhập không đúng, đã dùng hoặc đã hết hạn. Gửi #dangnhap tới Zalo OA để nhận mã mới.";
      return "Mã truy cập không đúng hoặc đã bị thu hồi.";
    case 403:
      return "Tài khoản này không có quyền làm việc này.";
    case 404:
      return err.code === "case_not_found" ? "Không tìm thấy phản ánh." : "Không tìm thấy.";
    case 409:
      if (err.code === "team_required")
        return "Đây là tổ tiếp nhận chung hoặc tổ trực của xã theo tệp cấu hình, không ngừng hoạt động được.";
      if (err.code === "conflict") return "Mã này đã được dùng. Vui lòng chọn mã khác.";
      return "Phản ánh đã thay đổi, không thực hiện được thao tác này. Hãy tải lại.";
    case 429:
      return "Nhập sai mã quá nhiều lần. Vui lòng chờ một phút rồi thử lại.";
    default:
      return err.status < 500 ? `Yêu cầu không hợp lệ (${err.message}).` : "Máy chủ gặp lỗi. Vui lòng thử lại sau.";
  }
}

/**
 * Call `/api/v1{path}`; resolves with the JSON answer, rejects with an ApiError.
 * @param {string} path
 * @param {SendOptions} [opts]
 * @returns {Promise<any>}
 */
export async function api(path, opts = {}) {
  const res = await send(path, opts);
  return res.status === 204 ? null : res.json();
}

/**
 * A JSON body (`json`) or a form with files (`form`: the browser sets its multipart type), and
 * extra headers (an `Idempotency-Key`).
 * @typedef {{method?: string, json?: unknown, form?: FormData, headers?: Record<string, string>, token?: string | null}} SendOptions
 */

/**
 * The raw response of a call (for a CSV or a photo); rejects with an ApiError.
 * @param {string} path
 * @param {SendOptions} [opts]
 */
export async function send(path, opts = {}) {
  const token = opts.token === undefined ? session.token : opts.token;
  /** @type {Record<string, string>} */
  // The API records reads of personal data with where they came from.
  const headers = { Accept: "application/json", "X-Hotline-Surface": "dashboard", ...opts.headers };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (opts.json !== undefined) headers["Content-Type"] = "application/json";
  // Paths are the API's (`/cases`), except the queue board's session.
  const res = await fetch(path.startsWith("/admin/") ? path : `/api/v1${path}`, {
    method: opts.method ?? "GET",
    headers,
    body: opts.form ?? (opts.json === undefined ? undefined : JSON.stringify(opts.json)),
    credentials: "same-origin",
  });
  if (!res.ok) {
    const body = await res.json().catch(() => ({}));
    throw new ApiError(res.status, body?.error?.code ?? "error", body?.error?.message ?? res.statusText, body?.error?.fields ?? []);
  }
  return res;
}

/** A query string from the non-empty values. @param {Record<string, string | number | boolean | null | undefined>} params */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "" && v !== false) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

/**
 * Fetch a file the API serves (a CSV: it needs the token too) and hand it to the browser as a download.
 * @param {string} path
 * @param {string} filename
 */
export async function download(path, filename) {
  const blob = await (await send(path)).blob();
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
}
