using System.Text.Json;
using Inkport.Client.Internal;
using Inkport.Contracts;

namespace Inkport.Client.Drive;

/// <summary>The drive's folders and files (spec/04, spec/02 §3).</summary>
public sealed class FilesClient
{
    private readonly ApiTransport _api;
    private readonly Uploader _uploader;

    internal FilesClient(ApiTransport api)
    {
        _api = api;
        _uploader = new Uploader(api, "files");
    }

    /// <summary>The caller's root folder ("My Space"; with a tenant token, the app's own).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<RootFolderData> GetRootFolderAsync(CancellationToken cancellationToken = default) =>
        _api.GetDataAsync<RootFolderData>(ApiRequest.Get("/open-apis/drive/explorer/v2/root_folder/meta"), cancellationToken);

    /// <summary>Creates a folder. Not retried after an unknown outcome (it could create a second folder).</summary>
    /// <param name="name">The folder's name (1–256 bytes).</param>
    /// <param name="parentToken">The parent folder; "" is the root.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new folder's token and URL.</returns>
    public Task<CreatedFolderData> CreateFolderAsync(string name, string parentToken = "", CancellationToken cancellationToken = default) =>
        _api.GetDataAsync<CreatedFolderData>(ApiRequest.PostJson("/open-apis/drive/v1/files/create_folder", new CreateFolderRequest(name, parentToken)),
            cancellationToken);

    /// <summary>Every entry of one folder (not recursive), following next_page_token.</summary>
    /// <param name="folderToken">The folder; "" lists the root.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    public IAsyncEnumerable<FileEntry> ListAsync(string folderToken = "", CancellationToken cancellationToken = default) =>
        Paging.AllAsync<FileEntry>(async (pageToken, ct) =>
        {
            var query = Paging.Query(("folder_token", folderToken), ("page_size", "200"), ("page_token", pageToken));
            var page = await _api.GetDataAsync<FileListData>(ApiRequest.Get("/open-apis/drive/v1/files" + query), ct).ConfigureAwait(false);
            return (page.Files ?? [], page.HasMore, page.NextPageToken);
        }, "GET /open-apis/drive/v1/files", cancellationToken);

    /// <summary>Metadata of up to 200 documents; the ones that cannot be read come back in failed_list.</summary>
    /// <param name="documents">(token, type) pairs, type being docx, sheet, bitable, folder, file, ...</param>
    /// <param name="withUrl">Whether to include each document's URL.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<MetaData> BatchQueryMetasAsync(IEnumerable<(string Token, string Type)> documents, bool withUrl = true,
        CancellationToken cancellationToken = default)
    {
        var body = new MetaRequest(documents.Select(d => new MetaRequestDoc(d.Token, d.Type)).ToList(), withUrl);
        return _api.GetDataAsync<MetaData>(ApiRequest.PostJson("/open-apis/drive/v1/metas/batch_query", body, idempotent: true), cancellationToken);
    }

    /// <summary>Moves a file, document or folder to the recycle bin.</summary>
    /// <param name="token">The item's token.</param>
    /// <param name="type">Its type: file, docx, sheet, bitable, folder, ...</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>For a folder, the task id to follow with task_check; otherwise null.</returns>
    public async Task<string?> DeleteAsync(string token, string type, CancellationToken cancellationToken = default)
    {
        var request = new ApiRequest(HttpMethod.Delete, $"/open-apis/drive/v1/files/{Paging.Segment(token)}{Paging.Query(("type", type))}") { Idempotent = true };
        using var body = await _api.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return body.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
               && data.TryGetProperty("task_id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;
    }

    /// <summary>Uploads a file into a drive folder (`parent_type=explorer`); over 20 MB in 4 MB blocks.</summary>
    /// <param name="content">The bytes, from the stream's current position.</param>
    /// <param name="fileName">The file's name in the folder.</param>
    /// <param name="folderToken">The folder.</param>
    /// <param name="progress">Receives the number of bytes sent so far.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>The file's token.</returns>
    public Task<string> UploadAsync(Stream content, string fileName, string folderToken, IProgress<long>? progress = null,
        CancellationToken cancellationToken = default) =>
        _uploader.UploadAsync(content, fileName, "explorer", folderToken, null, progress, cancellationToken);
}
