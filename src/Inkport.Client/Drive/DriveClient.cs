using Inkport.Client.Internal;

namespace Inkport.Client.Drive;

/// <summary>drive/v1: media uploads, import tasks, and the drive's files and folders.</summary>
public sealed class DriveClient
{
    internal DriveClient(ApiTransport api)
    {
        Medias = new MediasClient(api);
        ImportTasks = new ImportTasksClient(api);
        Files = new FilesClient(api);
    }

    /// <summary>Media uploads, including the staging upload of an import (`parent_type=ccm_import_open`).</summary>
    public MediasClient Medias { get; }

    /// <summary>Import tasks: create, get, and wait for the result.</summary>
    public ImportTasksClient ImportTasks { get; }

    /// <summary>Folders, listings, metadata, deletion and drive-file uploads.</summary>
    public FilesClient Files { get; }
}
