namespace Inkport.Client.Internal;

/// <summary>The bytes of an upload, readable more than once (checksum pass, retries): a seekable stream as
/// given, from its current position; any other stream spooled to a temporary file first.</summary>
internal sealed class UploadSource : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly long _start;
    private readonly bool _owned;

    private UploadSource(Stream stream, long start, bool owned)
    {
        _stream = stream;
        _start = start;
        _owned = owned;
        Length = stream.Length - start;
    }

    public long Length { get; }

    public static async Task<UploadSource> OpenAsync(Stream content, CancellationToken cancellationToken)
    {
        if (content.CanSeek) return new UploadSource(content, content.Position, owned: false);
        var spool = new FileStream(Path.Combine(Path.GetTempPath(), $"inkport-upload-{Guid.NewGuid():N}.tmp"), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await content.CopyToAsync(spool, cancellationToken).ConfigureAwait(false);
            return new UploadSource(spool, 0, owned: true);
        }
        catch
        {
            await spool.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The stream, positioned at the first byte of the upload.</summary>
    public Stream Rewind()
    {
        _stream.Position = _start;
        return _stream;
    }

    public async Task<uint> ChecksumAsync(CancellationToken cancellationToken)
    {
        var stream = Rewind();
        var buffer = new byte[81920];
        var adler = Adler32.Initial;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            adler = Adler32.Update(adler, buffer.AsSpan(0, read));
        return adler;
    }

    public ValueTask DisposeAsync() => _owned ? _stream.DisposeAsync() : ValueTask.CompletedTask;
}
