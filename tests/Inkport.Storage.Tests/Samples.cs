using Inkport.Conversion;
using Inkport.Core.Drive;
using Inkport.Core.Identity;
using Inkport.Core.Imports;
using Inkport.Core.Media;

namespace Inkport.Storage.Tests;

/// <summary>Builders of domain values with unique ids. Times have millisecond precision and offset
/// zero, which is what every store promises to round-trip.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_760_000_000_000);

    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    public static string Id(string prefix) => prefix + Guid.NewGuid().ToString("N");

    public static AccessToken Token(string appId, TokenKind kind, string? userId, DateTimeOffset issuedAt) =>
        new(Id("t-"), kind, appId, "tenant-1", userId, issuedAt, issuedAt + TimeSpan.FromHours(2));

    public static MediaFile Media() => new()
    {
        FileToken = Id("box"),
        AppId = "cli_app",
        TenantKey = "tenant-1",
        OwnerId = "ou_owner",
        FileName = "report.md",
        ParentType = "ccm_import_open",
        ParentNode = "",
        Size = 1234,
        ImportObjType = "docx",
        ImportFileExtension = "md",
        BlobId = Id("blob"),
        CreatedAt = T0,
    };

    public static UploadSession Session(string tenantKey, DateTimeOffset createdAt) => new()
    {
        UploadId = "7" + Random.Shared.NextInt64(100_000_000_000_000_000, 999_999_999_999_999_999),
        Kind = UploadKind.Media,
        AppId = "cli_app",
        TenantKey = tenantKey,
        OwnerId = "ou_owner",
        FileName = "big.xlsx",
        ParentType = "ccm_import_open",
        ParentNode = "",
        Size = 9_000_000,
        BlockSize = 4_194_304,
        BlockNum = 3,
        CreatedAt = createdAt,
        ExpiresAt = createdAt + TimeSpan.FromHours(24),
    };

    public static DriveNode Root(string ownerId)
    {
        var token = Id("fld");
        return new()
        {
            Token = token,
            Type = NodeType.Folder,
            Name = "root",
            ParentToken = null,
            OwnerId = ownerId,
            TenantKey = "tenant-1",
            CreatedAt = T0,
            ModifiedAt = T0,
            RootToken = token,
        };
    }

    public static DriveNode Child(DriveNode parent, NodeType type = NodeType.Docx, string? token = null) => new()
    {
        Token = token ?? Id("doc"),
        Type = type,
        Name = "imported",
        ParentToken = parent.Token,
        OwnerId = parent.OwnerId,
        TenantKey = parent.TenantKey,
        CreatedAt = T0 + TimeSpan.FromSeconds(1),
        ModifiedAt = T0 + TimeSpan.FromSeconds(2),
        RootToken = parent.RootToken,
        Depth = parent.Depth + 1,
    };

    public static ImportTask QueuedTask(DateTimeOffset createdAt, string folderToken = "fld_root") => new()
    {
        Ticket = Id("7"),
        AppId = "cli_app",
        TenantKey = "tenant-1",
        OwnerId = "ou_owner",
        FileToken = Id("box"),
        FileExtension = "md",
        Target = ImportTarget.Docx,
        FileName = "report",
        FolderToken = folderToken,
        CreatedAt = createdAt,
        UpdatedAt = createdAt,
    };

    public static Func<ImportTask, ImportTask> ClaimBy(string worker, DateTimeOffset now) =>
        task => task.Claim(worker, Id("doc"), now, Lease);

    /// <summary>Records hold Extra by reference; compare it by content and everything else by value.</summary>
    public static void AssertSameTask(ImportTask expected, ImportTask? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Extra, actual.Extra);
        Assert.Equal(expected with { Extra = NoExtra }, actual with { Extra = NoExtra });
    }

    private static readonly string[] NoExtra = [];
}
