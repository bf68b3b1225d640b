using System.Security.Cryptography;
using System.Text;
using Inkport.Core.Storage;

namespace Inkport.Storage.Sqlite;

/// <summary>Blobs as files: <c>blobs/ab/cd/&lt;id&gt;</c>, where ab/cd come from a hash of the id so the
/// folders fill evenly whatever the ids look like. A write goes to a temporary file in
/// <c>blobs/.incoming</c> (same file system, so the final rename is atomic), is flushed to disk and then
/// renamed into place: a reader sees the whole blob or none. Anything left in .incoming by a crash is
/// removed when the store is opened.</summary>
public sealed class FileBlobStore : IBlobStore
{
    private const int BufferSize = 81920;

    private readonly string _root;
    private readonly string _incoming;

    public FileBlobStore(string root)
    {
        _root = Path.GetFullPath(root);
        _incoming = Path.Combine(_root, ".incoming");
        if (Directory.Exists(_incoming))
            Directory.Delete(_incoming, recursive: true);
        Directory.CreateDirectory(_incoming);
    }

    public async Task<long> WriteAsync(string blobId, Stream content, CancellationToken ct)
    {
        var path = PathOf(blobId);
        var temporary = Path.Combine(_incoming, $"{Guid.NewGuid():N}.tmp");
        try
        {
            long length;
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None,
                             BufferSize, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, BufferSize, ct).ConfigureAwait(false);
                await file.FlushAsync(ct).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
                length = file.Length;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Move(temporary, path, overwrite: false);
            return length;
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public Task<Stream?> OpenReadAsync(string blobId, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        try
        {
            Stream stream = new FileStream(PathOf(blobId), FileMode.Open, FileAccess.Read,
                FileShare.Read | FileShare.Delete, BufferSize, FileOptions.SequentialScan | FileOptions.Asynchronous);
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task DeleteAsync(string blobId, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var path = PathOf(blobId);
        if (Directory.Exists(Path.GetDirectoryName(path)))
            File.Delete(path);
        return Task.CompletedTask;
    }

    /// <summary>Ids of the blobs whose write ended at or before <paramref name="utc"/> (the file's last write time).</summary>
    internal IEnumerable<string> ListWrittenBy(DateTime utc) =>
        new DirectoryInfo(_root).EnumerateFiles("*", SearchOption.AllDirectories)
            .Where(file => file.Directory?.FullName != _incoming && file.LastWriteTimeUtc <= utc)
            .Select(file => file.Name);

    private string PathOf(string blobId)
    {
        // The id becomes a file name, so it must not be able to name anything outside the store.
        if (string.IsNullOrEmpty(blobId) || blobId.Length > 200 || !blobId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw new ArgumentException($"blob id '{blobId}' must be 1-200 ASCII letters, digits, '-' or '_'", nameof(blobId));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(blobId)));
        return Path.Combine(_root, hash[..2], hash[2..4], blobId);
    }
}
