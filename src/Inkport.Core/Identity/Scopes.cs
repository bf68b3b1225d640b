namespace Inkport.Core.Identity;

/// <summary>API scopes (spec/01 §5) and which of them each endpoint accepts: any one suffices.</summary>
public static class Scopes
{
    public static readonly string[] ImportCreate = ["docs:document:import", "drive:drive"];
    public static readonly string[] ImportGet = ["docs:document:import", "drive:drive", "drive:drive:readonly"];
    public static readonly string[] MediaUpload = ["bitable:app", "docs:doc", "docs:document.media:upload", "drive:drive", "sheets:spreadsheet"];
    public static readonly string[] MediaDownload = ["bitable:app", "bitable:app:readonly", "docs:doc", "docs:doc:readonly", "docs:document.media:download", "drive:drive", "drive:drive:readonly", "sheets:spreadsheet", "sheets:spreadsheet:readonly"];
    public static readonly string[] FileUpload = ["drive:drive", "drive:file", "drive:file:upload"];
    public static readonly string[] FileDownload = ["drive:drive", "drive:drive:readonly", "drive:file", "drive:file:download"];
    public static readonly string[] RootFolder = ["drive:drive", "drive:drive.metadata:readonly"];
    public static readonly string[] ListFiles = ["drive:drive", "drive:drive:readonly", "space:document:retrieve"];
    public static readonly string[] CreateFolder = ["drive:drive", "space:folder:create"];
    public static readonly string[] DeleteFile = ["drive:drive", "space:document:delete"];
    public static readonly string[] TaskCheck = ["drive:drive", "drive:drive.metadata:readonly", "drive:drive:readonly"];
    public static readonly string[] Metas = ["drive:drive", "drive:drive:readonly", "drive:drive.metadata:readonly"];
    public static readonly string[] PermissionMembers = ["drive:drive", "drive:file", "docs:doc", "sheets:spreadsheet", "bitable:app", "docs:permission.member:create"];
    public static readonly string[] PermissionMembersRead = ["drive:drive", "drive:drive:readonly", "drive:file", "docs:doc", "sheets:spreadsheet", "bitable:app", "docs:permission.member:retrieve"];
    public static readonly string[] DocxRead = ["docx:document", "docx:document:readonly"];
    public static readonly string[] SheetsRead = ["drive:drive", "drive:drive:readonly", "sheets:spreadsheet", "sheets:spreadsheet:readonly"];
    public static readonly string[] BitableRead = ["base:app:read", "base:table:read", "base:field:read", "base:record:retrieve", "bitable:app", "bitable:app:readonly"];
    public static readonly string[] UserInfo = [];

    /// <summary>Every scope named above, plus offline_access for refresh tokens: what an app has unless configured otherwise.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>(
        new[] { ImportCreate, ImportGet, MediaUpload, MediaDownload, FileUpload, FileDownload, RootFolder, ListFiles, CreateFolder,
                DeleteFile, TaskCheck, Metas, PermissionMembers, PermissionMembersRead, DocxRead, SheetsRead, BitableRead }
            .SelectMany(s => s).Append("offline_access"), StringComparer.Ordinal);
}
