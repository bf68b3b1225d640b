using System.Globalization;
using Inkport.Conversion;
using Inkport.Core.Drive;
using Inkport.Core.Errors;
using Inkport.Core.Identity;
using Inkport.Core.Storage;

namespace Inkport.Core.Media;

/// <summary>The body of `upload_prepare` as received (02 §2.1, §3.2); null where absent.</summary>
public sealed record PrepareRequest(string? FileName, string? ParentType, string? ParentNode, long? Size, string? Extra);

/// <summary>Limits of multipart uploads that are configuration rather than Feishu's numbers.</summary>
public sealed record MultipartOptions
{
    /// <summary>Largest declared size of a multipart upload that is not an import source (drive files, media of
    /// documents). Import sources are bounded by the largest per-format import limit instead.</summary>
    public long MaxUploadBytes { get; init; } = 1L << 30;
}

/// <summary>Multipart uploads (02 §2, §3.2), one machinery for media and drive files: prepare opens a session
/// valid 24 hours; parts (4 MiB blocks, any order, retries replace) stream into the blob store; finish
/// streams the blocks in order into one blob and turns it into a media file or a drive file.</summary>
public sealed class MultipartUploads(IInkportStorage storage, DriveService drive, DriveFileUploads files, MultipartOptions options, TimeProvider clock)
{
    /// <summary>02 §2.1: Feishu always cuts files into 4 MiB blocks.</summary>
    public const int BlockSize = 4 * 1024 * 1024;

    /// <summary>02 §2: an upload id and its progress are valid for one day.</summary>
    public static readonly TimeSpan ValidFor = TimeSpan.FromHours(24);

    /// <summary>An import source can be no larger than the most generous import format (800 MB xlsx).</summary>
    public static readonly long MaxImportSourceBytes = ImportFormats.All.Max(f => f.MaxBytes);

    public async Task<UploadSession> PrepareAsync(Caller caller, UploadKind kind, PrepareRequest request, CancellationToken ct)
    {
        var fileName = UploadRules.FileName(request.FileName);
        if (request.ParentNode is null)
            throw UploadRules.Params("parent_node", null, "is required (\"\" for ccm_import_open)");
        string parentType, parentNode;
        if (kind == UploadKind.Media)
            (parentType, parentNode) = MediaUploads.UploadPoint(request.ParentType, request.ParentNode);
        else
            (parentType, parentNode) = (DriveFileUploads.ParentType, (await files.FolderAsync(caller, request.ParentType, request.ParentNode, ct)).Token);

        if (request.Size is not { } size || size < 0)
            throw UploadRules.Params("size", request.Size?.ToString(CultureInfo.InvariantCulture), "must be the file size in bytes, at least 0");
        if (kind == UploadKind.DriveFile) DriveFileUploads.RequireNotEmpty(size);
        var isImport = parentType == MediaUploads.ImportParentType;
        var max = isImport ? MaxImportSourceBytes : options.MaxUploadBytes;
        if (size > max)
            throw FeishuErrors.FileSizeBeyondLimit.With($"size {size} is over {max} bytes{(isImport ? ", the largest file any import accepts" : "")}");
        var (objType, extension) = isImport ? UploadRules.ImportExtra(request.Extra) : (null, null);
        await UploadRules.EnsureQuotaAsync(storage, drive.Limits, caller.TenantKey, size, ct);

        var now = clock.GetUtcNow();
        var session = new UploadSession
        {
            UploadId = Ids.Ids.Ticket(), Kind = kind, AppId = caller.AppId, TenantKey = caller.TenantKey, OwnerId = caller.OwnerId,
            FileName = fileName, ParentType = parentType, ParentNode = parentNode, Size = size, BlockSize = BlockSize,
            BlockNum = (int)((size + BlockSize - 1) / BlockSize), ImportObjType = objType, ImportFileExtension = extension,
            CreatedAt = now, ExpiresAt = now + ValidFor,
        };
        await storage.UploadSessions.InsertAsync(session, ct);
        return session;
    }

    /// <summary>Streams a part's bytes into a new blob; no block is larger than <see cref="BlockSize"/>.</summary>
    public Task<StagedBytes> StagePartAsync(Stream content, CancellationToken ct) =>
        MediaUploads.StageAsync(storage.Blobs, content, BlockSize,
            () => FeishuErrors.SizeMismatch.With($"a block holds at most {BlockSize} bytes"), ct);

    /// <summary>Validates an upload_part form against its session and the staged bytes and records the block,
    /// replacing an earlier attempt at the same seq. The staged bytes are removed on any failure.</summary>
    public async Task PutPartAsync(Caller caller, UploadKind kind, IReadOnlyDictionary<string, string> fields, StagedBytes? file, CancellationToken ct)
    {
        try
        {
            var session = await SessionAsync(caller, kind, fields.GetValueOrDefault("upload_id"), ct);
            var seqText = fields.GetValueOrDefault("seq");
            if (!int.TryParse(seqText, NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
                throw UploadRules.Params("seq", seqText, "must be the 0-based block number");
            if (seq >= session.BlockNum)
                throw FeishuErrors.BlockNumOutOfBounds.With($"seq {seq} is beyond the {session.BlockNum} blocks of this upload");
            var size = UploadRules.Size(fields.GetValueOrDefault("size"));
            if (file is null) throw UploadRules.Params("file", null, "the multipart form has no file part");
            if (size != file.Length)
                throw FeishuErrors.SizeMismatch.With($"size says {size} bytes, {file.Length} arrived");
            var expected = session.ExpectedBlockSize(seq);
            if (size != expected)
                throw FeishuErrors.SizeMismatch.With($"block {seq} of {session.BlockNum} must hold {expected} bytes, not {size}");
            UploadRules.Checksum(fields.GetValueOrDefault("checksum"), file.Checksum, $"block {seq}");

            var recorded = await storage.UploadSessions.PutPartAsync(new UploadPart(session.UploadId, seq, size, file.BlobId), ct);
            if (!recorded.SessionExists) throw Expired(session.UploadId);
            if (recorded.ReplacedBlobId is { } replaced) await storage.Blobs.DeleteAsync(replaced, CancellationToken.None);
        }
        catch
        {
            if (file is not null) await storage.Blobs.DeleteAsync(file.BlobId, CancellationToken.None);
            throw;
        }
    }

    /// <summary>Assembles the blocks into one blob, records what the upload becomes, and removes the session and
    /// its parts. Returns the file token of the media file or drive file.</summary>
    public async Task<string> FinishAsync(Caller caller, UploadKind kind, string? uploadId, int? blockNum, CancellationToken ct)
    {
        var session = await SessionAsync(caller, kind, uploadId, ct);
        if (blockNum is null)
            throw UploadRules.Params("block_num", null, "is required: the block_num upload_prepare returned");
        if (blockNum != session.BlockNum)
            throw FeishuErrors.BlockNumOutOfBounds.With($"this upload has {session.BlockNum} blocks, not {blockNum}");
        var parts = await storage.UploadSessions.ListPartsAsync(session.UploadId, ct);
        if (parts.Count < session.BlockNum)
        {
            var missing = Enumerable.Range(0, session.BlockNum).Except(parts.Select(p => p.Seq)).Take(10);
            throw FeishuErrors.BlockMissing.With($"blocks not received: {string.Join(", ", missing)}{(parts.Count + 10 < session.BlockNum ? ", ..." : "")}");
        }
        // A drive file's folder may have gone, or the caller's permission on it, since prepare.
        var folder = kind == UploadKind.DriveFile ? await files.FolderAsync(caller, session.ParentType, session.ParentNode, ct) : null;

        var blobId = await AssembleAsync(session, parts, ct);
        string fileToken;
        Func<Task> undo;
        try
        {
            if (folder is not null)
            {
                var node = await files.PlaceAsync(caller, folder, session.FileName, blobId, session.Size, ct);
                (fileToken, undo) = (node.Token, () => storage.Drive.DeleteSubtreeAsync(node.Token, CancellationToken.None));
            }
            else
            {
                var media = new MediaFile
                {
                    FileToken = Ids.Ids.Token(), AppId = session.AppId, TenantKey = session.TenantKey, OwnerId = session.OwnerId,
                    FileName = session.FileName, ParentType = session.ParentType, ParentNode = session.ParentNode, Size = session.Size,
                    ImportObjType = session.ImportObjType, ImportFileExtension = session.ImportFileExtension, BlobId = blobId,
                    // The 5 minutes an import source is usable count from here, as for upload_all.
                    CreatedAt = clock.GetUtcNow(),
                };
                await storage.Media.InsertAsync(media, ct);
                (fileToken, undo) = (media.FileToken, () => storage.Media.DeleteAsync(media.FileToken, CancellationToken.None));
            }
        }
        catch
        {
            await storage.Blobs.DeleteAsync(blobId, CancellationToken.None);
            throw;
        }

        var removed = await storage.UploadSessions.DeleteAsync(session.UploadId, CancellationToken.None);
        if (removed is null)
        {
            // A concurrent finish of the same upload won; this one leaves nothing behind.
            await undo();
            await storage.Blobs.DeleteAsync(blobId, CancellationToken.None);
            throw Expired(session.UploadId);
        }
        await DeleteBlobsAsync(removed);
        return fileToken;
    }

    /// <summary>Removes sessions past their 24 hours and their part blobs (the cleanup chore); returns how many.</summary>
    public async Task<int> RemoveExpiredAsync(CancellationToken ct)
    {
        var removed = 0;
        while (true)
        {
            var expired = await storage.UploadSessions.ListExpiredAsync(clock.GetUtcNow(), 100, ct);
            foreach (var session in expired)
            {
                if (await storage.UploadSessions.DeleteAsync(session.UploadId, ct) is not { } parts) continue;
                await DeleteBlobsAsync(parts);
                removed++;
            }
            if (expired.Count < 100) return removed;
        }
    }

    /// <summary>Streams the blocks in seq order into a new blob and checks it has the declared size.</summary>
    private async Task<string> AssembleAsync(UploadSession session, IReadOnlyList<UploadPart> parts, CancellationToken ct)
    {
        var blobId = Ids.Ids.Token();
        await using var blocks = new ConcatenatedBlobStream(storage.Blobs, parts.OrderBy(p => p.Seq).Select(p => p.BlobId).ToList());
        var metered = new MeteredStream(blocks, session.Size);
        try
        {
            await storage.Blobs.WriteAsync(blobId, metered, ct);
        }
        catch (SizeLimitExceededException)
        {
            throw new InvalidDataException($"the blocks of upload {session.UploadId} hold more than its {session.Size} bytes");
        }
        if (metered.BytesRead != session.Size)
        {
            await storage.Blobs.DeleteAsync(blobId, CancellationToken.None);
            throw new InvalidDataException($"the blocks of upload {session.UploadId} hold {metered.BytesRead} bytes, not {session.Size}");
        }
        return blobId;
    }

    /// <summary>The session an upload_part / upload_finish names: unknown, of another kind or tenant, or past its
    /// 24 hours → 1061021; prepared by another identity → 1062007.</summary>
    private async Task<UploadSession> SessionAsync(Caller caller, UploadKind kind, string? uploadId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(uploadId) || uploadId.Length > 32 || !uploadId.All(char.IsAsciiDigit))
            throw UploadRules.Params("upload_id", uploadId, "must be the upload_id upload_prepare returned");
        var session = await storage.UploadSessions.GetAsync(uploadId, ct);
        if (session is null || session.Kind != kind || session.TenantKey != caller.TenantKey || clock.GetUtcNow() > session.ExpiresAt)
            throw Expired(uploadId);
        if (session.AppId != caller.AppId || session.OwnerId != caller.OwnerId)
            throw FeishuErrors.UploadUserMismatch.With("only the identity that called upload_prepare may send its parts and finish it");
        return session;
    }

    private async Task DeleteBlobsAsync(IEnumerable<UploadPart> parts)
    {
        foreach (var part in parts) await storage.Blobs.DeleteAsync(part.BlobId, CancellationToken.None);
    }

    private static FeishuException Expired(string uploadId) =>
        FeishuErrors.UploadIdExpired.With($"upload {uploadId} is unknown or older than 24 hours; start again with upload_prepare");
}
