using System.Text.Json;
using Inkport.Client.Internal;

namespace Inkport.Client.Drive;

/// <summary>POST /drive/v1/medias/upload_* (spec/02 §1–§2).</summary>
public sealed class MediasClient
{
    /// <summary>The upload point of an import's source file.</summary>
    public const string ImportParentType = "ccm_import_open";

    private readonly Uploader _uploader;

    internal MediasClient(ApiTransport api) => _uploader = new Uploader(api, "medias");

    /// <summary>Uploads a media file; over 20 MB it goes in 4 MB blocks through upload_prepare/part/finish.</summary>
    /// <param name="content">The bytes, from the stream's current position to its end (a stream that cannot seek is spooled to a temporary file first).</param>
    /// <param name="fileName">The file name (at most 250 characters).</param>
    /// <param name="parentType">The upload point type, e.g. "ccm_import_open" or "docx_image".</param>
    /// <param name="parentNode">The upload point token ("" where none is needed).</param>
    /// <param name="extra">The `extra` JSON text, or null.</param>
    /// <param name="progress">Receives the number of bytes sent so far.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>The media's file_token.</returns>
    public Task<string> UploadAsync(Stream content, string fileName, string parentType, string parentNode = "", string? extra = null,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        _uploader.UploadAsync(content, fileName, parentType, parentNode, extra, progress, cancellationToken);

    /// <summary>Uploads the source of an import: `parent_type=ccm_import_open`, `extra` naming the target type and the
    /// file's extension (taken from <paramref name="fileName"/>, lower case). The token is valid for 5 minutes.</summary>
    /// <param name="content">The bytes, from the stream's current position.</param>
    /// <param name="fileName">The file name; its extension is the import's file_extension.</param>
    /// <param name="type">The document type the import will produce.</param>
    /// <param name="progress">Receives the number of bytes sent so far.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>The file_token to pass to <see cref="ImportTasksClient.CreateAsync"/>.</returns>
    public Task<string> UploadForImportAsync(Stream content, string fileName, ImportType type,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var extra = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["obj_type"] = type.ToWire(),
            ["file_extension"] = ImportMatrix.ExtensionOf(fileName),
        });
        return _uploader.UploadAsync(content, fileName, ImportParentType, "", extra, progress, cancellationToken);
    }
}
