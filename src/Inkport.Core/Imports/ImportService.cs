using Inkport.Conversion;
using Inkport.Core.Drive;
using Inkport.Core.Errors;
using Inkport.Core.Identity;
using Inkport.Core.Storage;

namespace Inkport.Core.Imports;

/// <summary>The body of `POST /drive/v1/import_tasks` as received (03 §1.1); null where absent.</summary>
public sealed record ImportRequest(string? FileExtension, string? FileToken, string? Type, string? FileName, int? MountType, string? MountKey);

/// <summary>Wakes idle import workers when a task is queued.</summary>
public interface IImportSignal
{
    void TaskQueued();
}

/// <summary>Creating and reading import tasks: every synchronous check of 03 §1.3 and §5, in that order.</summary>
public sealed class ImportService(IInkportStorage storage, ImportSources sources, DriveService drive, IImportSignal signal, TimeProvider clock)
{
    /// <summary>03 §1: an uploaded file can be imported for 5 minutes.</summary>
    public static readonly TimeSpan UploadUsableFor = TimeSpan.FromMinutes(5);

    /// <summary>05 §1.1: a document title is at most 800 characters.</summary>
    public const int MaxTitleLength = 800;

    public async Task<ImportTask> CreateAsync(Caller caller, ImportRequest request, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(request.FileExtension)) throw Invalid("file_extension is required");
        if (string.IsNullOrEmpty(request.FileToken)) throw Invalid("file_token is required");
        if (!ImportTargets.TryParse(request.Type, out var target)) throw Invalid("type must be docx, sheet or bitable");
        if (request.MountType != 1) throw Invalid("point.mount_type must be 1 (drive)");
        if (request.MountKey is null) throw Invalid("point.mount_key is required (\"\" for the root folder)");
        if (request.FileName is { Length: > MaxTitleLength }) throw Invalid($"file_name is longer than {MaxTitleLength} characters");
        if (!Ids.Ids.IsToken(request.FileToken)) throw FeishuErrors.ImportInvalidFileToken.With("a file token is 27 letters and digits");

        var source = await sources.FindAsync(request.FileToken, ct);
        if (source is null || source.TenantKey != caller.TenantKey || (source.IsStaged && source.AppId != caller.AppId))
            throw FeishuErrors.ImportFileTokenNotFound.Exception();
        if (source.File is { } file ? await drive.AccessAsync(caller, file, ct) < Permission.View : source.OwnerId != caller.OwnerId)
            throw FeishuErrors.ImportNoPermission.With("the file belongs to another identity");
        var now = clock.GetUtcNow();
        if (now - source.CreatedAt > UploadUsableFor)
            throw FeishuErrors.ImportFileTokenExpired.With("upload the file again and create the task within 5 minutes");

        var extensionMatches = source.File is null ? source.DeclaredExtension == request.FileExtension
            : string.Equals(source.DeclaredExtension, request.FileExtension, StringComparison.OrdinalIgnoreCase);
        if (source.DeclaredExtension is not null && !extensionMatches)
            throw FeishuErrors.ImportExtensionMismatch.With($"the upload is a '{source.DeclaredExtension}' file");
        if (source.DeclaredObjType is not null && source.DeclaredObjType != request.Type)
            throw FeishuErrors.ImportTypeMismatch.With($"the upload declared obj_type '{source.DeclaredObjType}'");
        var format = ImportFormats.Find(request.FileExtension, target)
            ?? throw Invalid($"a .{request.FileExtension} file cannot be imported as {request.Type}");
        if (source.Size > format.MaxBytes)
            throw FeishuErrors.ImportFileSizeOverLimit.With($".{format.Extension} into {request.Type} is limited to {format.MaxBytes} bytes");

        var folder = await ResolveFolderAsync(caller, request.MountKey, ct);
        var task = new ImportTask
        {
            Ticket = Ids.Ids.Ticket(), AppId = caller.AppId, TenantKey = caller.TenantKey, OwnerId = caller.OwnerId,
            FileToken = source.FileToken, FileExtension = request.FileExtension, Target = target,
            FileName = string.IsNullOrEmpty(request.FileName) ? Path.GetFileNameWithoutExtension(source.FileName) : request.FileName,
            FolderToken = folder.Token, CreatedAt = now, UpdatedAt = now,
        };
        await storage.ImportTasks.InsertAsync(task, ct);
        signal.TaskQueued();
        return task;
    }

    /// <summary>A task of the caller's app; any other ticket is unknown (U4: answered as invalid param).</summary>
    public async Task<ImportTask> GetAsync(Caller caller, string ticket, CancellationToken ct)
    {
        if (ticket.Length is 0 or > 32 || !ticket.All(char.IsAsciiDigit))
            throw Invalid("ticket must be the decimal ticket returned by create");
        var task = await storage.ImportTasks.GetAsync(ticket, ct);
        if (task is null || task.AppId != caller.AppId || task.TenantKey != caller.TenantKey || task.OwnerId != caller.OwnerId)
            throw Invalid($"no import task {ticket}");
        return task;
    }

    private async Task<DriveNode> ResolveFolderAsync(Caller caller, string mountKey, CancellationToken ct)
    {
        if (mountKey.Length == 0) return await drive.RootOfAsync(caller, ct);
        var folder = await drive.GetAsync(mountKey, ct);
        if (folder is null || folder.Type != NodeType.Folder || folder.TenantKey != caller.TenantKey)
            throw FeishuErrors.ImportFolderNotExist.With($"no folder {mountKey}");
        if (await drive.AccessAsync(caller, folder, ct) < Permission.Edit)
            throw FeishuErrors.ImportMountPointNotFound.With("importing into a folder needs edit permission on it");
        return folder;
    }

    private static FeishuException Invalid(string why) => FeishuErrors.ImportInvalidParam.With(why);
}
