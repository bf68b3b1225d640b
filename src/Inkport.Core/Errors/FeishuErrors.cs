namespace Inkport.Core.Errors;

/// <summary>Every error code Inkport can answer with, once each. Tests assert the entry, not the number.
/// Section references are to ../shared/spec.</summary>
public static class FeishuErrors
{
    // --- Gateway and authentication (01 §4, 08 §4.1) ---
    /// <summary>08 §4.1: unknown path.</summary>
    public static readonly FeishuError NotFound = new(99991201, "resource not find", 404);
    /// <summary>08 §4.1: wrong HTTP method for the path.</summary>
    public static readonly FeishuError MethodMismatch = new(99991301, "request method doesn't match", 405);
    /// <summary>08 §1.1: gateway rate limit (429 on new APIs, 400 on docx reads).</summary>
    public static readonly FeishuError RateLimited = new(99991400, "request trigger frequency limit", 429);
    public static readonly FeishuError RateLimitedOldApi = RateLimited with { HttpStatus = 400 };
    /// <summary>01 §1: no Authorization header or no "Bearer " prefix.</summary>
    public static readonly FeishuError NeedToken = new(99991661, "Need a token", 400);
    /// <summary>01 §4: tenant token unknown or expired; SDKs refresh and retry once.</summary>
    public static readonly FeishuError TenantTokenInvalid = new(99991663, "Invalid access token for authorization. Please make a request with token attached", 400);
    /// <summary>01 §4: app_access_token unknown or expired.</summary>
    public static readonly FeishuError AppTokenInvalid = new(99991664, "invalid app token", 400);
    /// <summary>01 §4: user token unknown or revoked.</summary>
    public static readonly FeishuError UserTokenInvalid = new(99991668, "Invalid access token for authorization. Please make a request with token attached.", 400);
    /// <summary>01 §1: a bearer value that is not a token at all.</summary>
    public static readonly FeishuError TokenMalformed = new(99991671, "Invalid token: must start with t-/u-", 400);
    /// <summary>01 §4: the app lacks every scope the API accepts; the msg lists them.</summary>
    public static readonly FeishuError ScopeMissing = new(99991672, "Access denied. One of the following scopes is required", 400);
    /// <summary>01 §4: the user has not granted any scope the API accepts.</summary>
    public static readonly FeishuError UserScopeMissing = new(99991679, "Unauthorized. You do not have permission to perform the requested operation on the resource. Please request user re-authorization and try again.", 400);
    /// <summary>01 §4: user token expired.</summary>
    public static readonly FeishuError UserTokenExpired = new(99991677, "token expire", 400);
    /// <summary>08 §4.1: request parameter missing or invalid (gateway validation).</summary>
    public static readonly FeishuError FieldValidation = new(99992402, "field validation failed", 400);

    // --- Token endpoints (01 §2; U2 in 09: the mapping is our choice, see docs/DEVIATIONS.md) ---
    /// <summary>01 §2: app_id or app_secret missing or not a string.</summary>
    public static readonly FeishuError InvalidParam = new(10003, "invalid param", 400);
    /// <summary>01 §2: the app secret does not match.</summary>
    public static readonly FeishuError WrongAppSecret = new(10014, "app secret invalid", 400);

    // --- OAuth 2.0 token endpoint (01 §3.1): rendered as {code, error: Msg, error_description} ---
    public static readonly FeishuError OAuthMissingParameter = new(20001, "invalid_request", 400);
    public static readonly FeishuError OAuthInvalidClientSecret = new(20002, "invalid_client", 400);
    public static readonly FeishuError OAuthCodeNotFound = new(20003, "invalid_grant", 400);
    public static readonly FeishuError OAuthCodeExpired = new(20004, "invalid_grant", 400);
    public static readonly FeishuError OAuthUserNotFound = new(20008, "invalid_grant", 400);
    public static readonly FeishuError OAuthClientMismatch = new(20024, "invalid_grant", 400);
    public static readonly FeishuError OAuthRefreshInvalid = new(20026, "invalid_grant", 400);
    public static readonly FeishuError OAuthGrantTypeUnsupported = new(20036, "unsupported_grant_type", 400);
    public static readonly FeishuError OAuthRefreshExpired = new(20037, "invalid_grant", 400);
    public static readonly FeishuError OAuthAppNotFound = new(20048, "invalid_client", 400);
    public static readonly FeishuError OAuthPkceFailed = new(20049, "invalid_grant", 400);
    public static readonly FeishuError OAuthMalformed = new(20063, "invalid_request", 400);
    public static readonly FeishuError OAuthCodeUsed = new(20065, "invalid_grant", 400);
    public static readonly FeishuError OAuthDuplicateScope = new(20067, "invalid_scope", 400);
    public static readonly FeishuError OAuthScopeNotGranted = new(20068, "invalid_scope", 400);
    public static readonly FeishuError OAuthRedirectMismatch = new(20071, "invalid_grant", 400);
    public static readonly FeishuError OAuthRefreshUsed = new(20073, "invalid_grant", 400);

    // --- Drive media upload (02 §1.4) ---
    public static readonly FeishuError DriveInternal = new(1061001, "internal error.", 200);
    public static readonly FeishuError DriveParams = new(1061002, "params error.", 400);
    public static readonly FeishuError DriveNotFound = new(1061003, "not found.", 404);
    public static readonly FeishuError DriveForbidden = new(1061004, "forbidden.", 403);
    public static readonly FeishuError InvalidFileName = new(1061008, "invalid file name.", 400);
    public static readonly FeishuError FileSizeBeyondLimit = new(1061043, "file size beyond limit.", 400);
    /// <summary>02 §1 / U3: over 5 QPS or 10,000 a day on upload endpoints.</summary>
    public static readonly FeishuError CanRetry = new(1061045, "can retry.", 200);
    public static readonly FeishuError ChecksumInvalid = new(1062008, "checksum param Invalid.", 400);
    public static readonly FeishuError SizeMismatch = new(1062009, "the actual size is inconsistent with the parameter declaration size.", 400);
    /// <summary>02 §1.4: a multipart upload_id older than 24 hours (or unknown: an id Inkport no longer has).</summary>
    public static readonly FeishuError UploadIdExpired = new(1061021, "upload id expire.", 400);
    /// <summary>02 §1.4: parent_node names no folder the caller can see (drive file uploads).</summary>
    public static readonly FeishuError ParentNodeNotExist = new(1061044, "parent node not exist.", 400);
    /// <summary>02 §1.4, 04 §6: the tenant's storage quota (Inkport:TenantQuotaBytes) would be exceeded.</summary>
    public static readonly FeishuError FileQuotaExceeded = new(1061101, "file quota exceeded.", 400);
    /// <summary>02 §2: upload_part / upload_finish by another identity than the one that called upload_prepare.</summary>
    public static readonly FeishuError UploadUserMismatch = new(1062007, "upload user not match.", 400);
    /// <summary>02 §2.3: upload_finish before every block arrived.</summary>
    public static readonly FeishuError BlockMissing = new(1062010, "block missing, please upload all blocks.", 400);
    /// <summary>02 §2: seq beyond block_num, or upload_finish with another block_num than prepare returned.</summary>
    public static readonly FeishuError BlockNumOutOfBounds = new(1062011, "block num out of bounds.", 400);

    // --- Drive folders and files (04) ---
    public static readonly FeishuError DriveDeleted = new(1061007, "file has been delete.", 404);
    public static readonly FeishuError DriveOutOfSize = new(1062505, "parent node out of size.", 400);
    public static readonly FeishuError DriveOutOfDepth = new(1062506, "parent node out of depth.", 400);
    public static readonly FeishuError DriveOutOfSiblings = new(1062507, "parent node out of sibling num.", 400);
    public static readonly FeishuError DriveNodeNoPermission = new(1062501, "operate node no permission.", 403);
    public static readonly FeishuError DrivePageSizeOutOfLimit = new(1064001, "page size out of limit.", 400);
    public static readonly FeishuError DriveSourceNodeNotFound = new(1065200, "source node not found.", 404);
    /// <summary>04 §2: create_folder over 5 QPS (HTTP 400 on that page).</summary>
    public static readonly FeishuError DriveContention = CanRetry with { Msg = "resource contention occurred, please retry.", HttpStatus = 400 };

    // --- Permission members (drive/v1/permissions; codes not in spec/, see docs/DEVIATIONS.md) ---
    public static readonly FeishuError PermissionInvalidParam = new(1063001, "Invalid parameter", 400);
    public static readonly FeishuError PermissionDenied = new(1063002, "Permission denied", 403);
    public static readonly FeishuError PermissionResourceDeleted = new(1063005, "Resource is deleted", 404);

    // --- Import tasks (03 §1.3) ---
    public static readonly FeishuError ImportInternal = new(1069901, "internal error", 500);
    public static readonly FeishuError ImportNoPermission = new(1069902, "no permission", 403);
    public static readonly FeishuError ImportInvalidParam = new(1069904, "invalid param", 400);
    public static readonly FeishuError ImportFileTokenNotFound = new(1069907, "file token not found", 404);
    public static readonly FeishuError ImportMountPointNotFound = new(1069908, "mount point not found or no permission", 403);
    public static readonly FeishuError ImportFileSizeOverLimit = new(1069909, "import file size over limit", 400);
    public static readonly FeishuError ImportExtensionMismatch = new(1069910, "import file extension not match", 400);
    public static readonly FeishuError ImportTypeMismatch = new(1069911, "import file type not match", 400);
    public static readonly FeishuError ImportFolderNotExist = new(1069912, "folder not exist", 400);
    public static readonly FeishuError ImportFileTokenExpired = new(1069913, "import file token expired", 400);
    public static readonly FeishuError ImportInvalidFileToken = new(1069914, "invalid file token", 400);
    public static readonly FeishuError ImportTooManyRequests = new(1069923, "too many requests", 429);

    // --- docx reads (05 §8) ---
    public static readonly FeishuError DocxInvalidParam = new(1770001, "invalid param", 400);
    public static readonly FeishuError DocxNotFound = new(1770002, "not found", 404);
    public static readonly FeishuError DocxInvalidPageToken = new(1770022, "invalid page token", 400);
    public static readonly FeishuError DocxForbidden = new(1770032, "forbidden", 403);

    // --- sheets (06 §2, §8) ---
    public static readonly FeishuError SheetsInvalidParameters = new(1310251, "Invalid Parameters", 400);
    public static readonly FeishuError SheetsPermissionFail = new(1310213, "Permission Fail", 400);
    public static readonly FeishuError SheetsNotFound = new(1310214, "SpreadSheet Not Found", 400);
    public static readonly FeishuError SheetsV2WrongRange = new(90202, "WrongRange", 400);
    public static readonly FeishuError SheetsV2PermissionFail = new(90213, "PermissionFail", 403);
    public static readonly FeishuError SheetsV2NotFound = new(90214, "SpreadSheetNotFound", 400);
    public static readonly FeishuError SheetsV2SheetIdNotFound = new(90215, "SheetIdNotFound", 400);
    public static readonly FeishuError SheetsV2TooLargeResponse = new(90221, "TooLargeResponse", 400);

    // --- bitable (07 §8) ---
    public static readonly FeishuError BitablePageSize = new(1254011, "Page size must greater than 0.", 400);
    public static readonly FeishuError BitableInvalidPageToken = new(1254030, "InvalidPageToken", 400);
    public static readonly FeishuError BitableBaseNotFound = new(1254040, "BaseTokenNotFound", 200);
    public static readonly FeishuError BitableTableNotFound = new(1254041, "TableIdNotFound", 200);
    public static readonly FeishuError BitablePermissionDenied = new(1254302, "Permission denied.", 200);
    /// <summary>07 §1 / 08 §3: bitable reads over 20/s.</summary>
    public static readonly FeishuError BitableTooManyRequests = new(1254290, "TooManyRequest", 200);

    // --- Inkport's own (docs/DEVIATIONS.md): what Inkport does not emulate says so. ---
    /// <summary>An /open-apis route or parameter Inkport does not implement: HTTP 501, never a pretence.</summary>
    public static readonly FeishuError NotImplemented = new(9_100_501, "not implemented by Inkport", 501);
    /// <summary>A defect in Inkport itself (logged with the request's log id); never a client's fault.</summary>
    public static readonly FeishuError Internal = new(9_100_500, "internal error", 500);
}
