using System.Net.Http.Headers;
using System.Security.Cryptography;
using Inkport.Core.Media;
using Inkport.Server.Tests.Infrastructure;

namespace Inkport.Server.Tests;

/// <summary>The multipart and drive-file upload calls as the SDKs make them. <c>family</c> is "medias" or "files".</summary>
internal static class UploadClient
{
    public const int BlockSize = MultipartUploads.BlockSize;

    public static Task<Reply> PrepareAsync(this FeishuClient client, string family, string? fileName, string? parentType, string? parentNode,
        long? size, string? extra = null) =>
        client.PostJsonAsync($"/open-apis/drive/v1/{family}/upload_prepare",
            new { file_name = fileName, parent_type = parentType, parent_node = parentNode, size, extra });

    public static async Task<string> PrepareOkAsync(this FeishuClient client, string family, string fileName, string parentType, string parentNode,
        long size, string? extra = null)
    {
        var reply = await client.PrepareAsync(family, fileName, parentType, parentNode, size, extra);
        reply.AssertOk();
        return reply.Data["upload_id"]!.GetValue<string>();
    }

    public static async Task<Reply> PartAsync(this FeishuClient client, string family, string uploadId, int seq, ReadOnlyMemory<byte> block,
        string? size = null, string? checksum = null)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(uploadId), "upload_id" },
            { new StringContent(seq.ToString()), "seq" },
            { new StringContent(size ?? block.Length.ToString()), "size" },
        };
        if (checksum is not null) form.Add(new StringContent(checksum), "checksum");
        var file = new ReadOnlyMemoryContent(block);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", "blob");
        return await Reply.From(await client.Http.PostAsync($"/open-apis/drive/v1/{family}/upload_part", form));
    }

    public static Task<Reply> FinishAsync(this FeishuClient client, string family, string uploadId, int blockNum) =>
        client.PostJsonAsync($"/open-apis/drive/v1/{family}/upload_finish", new { upload_id = uploadId, block_num = blockNum });

    /// <summary>prepare, every block in order with its checksum, finish: the file token.</summary>
    public static async Task<string> UploadInBlocksAsync(this FeishuClient client, string family, string fileName, string parentType,
        string parentNode, GeneratedBytes content, string? extra = null)
    {
        var uploadId = await client.PrepareOkAsync(family, fileName, parentType, parentNode, content.Length, extra);
        var buffer = new byte[BlockSize];
        var blocks = (int)((content.Length + BlockSize - 1) / BlockSize);
        for (var seq = 0; seq < blocks; seq++)
        {
            var n = content.Read(buffer);
            (await client.PartAsync(family, uploadId, seq, buffer.AsMemory(0, n), checksum: Adler32.Compute(buffer.AsSpan(0, n)).ToString())).AssertOk();
        }
        var finished = await client.FinishAsync(family, uploadId, blocks);
        finished.AssertOk();
        return finished.Data["file_token"]!.GetValue<string>();
    }

    /// <summary>files/upload_all into a folder.</summary>
    public static async Task<Reply> UploadFileAsync(this FeishuClient client, string? fileName, string? parentNode, byte[] bytes,
        string? size = null, string? checksum = null, string parentType = "explorer")
    {
        using var form = new MultipartFormDataContent();
        if (fileName is not null) form.Add(new StringContent(fileName), "file_name");
        form.Add(new StringContent(parentType), "parent_type");
        if (parentNode is not null) form.Add(new StringContent(parentNode), "parent_node");
        form.Add(new StringContent(size ?? bytes.Length.ToString()), "size");
        if (checksum is not null) form.Add(new StringContent(checksum), "checksum");
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        // Without a filename on the part, as the Node SDK sends Buffers.
        file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"" };
        form.Add(file);
        return await Reply.From(await client.Http.PostAsync("/open-apis/drive/v1/files/upload_all", form));
    }

    public static async Task<string> RootFolderAsync(this FeishuClient client)
    {
        var reply = await client.GetAsync("/open-apis/drive/explorer/v2/root_folder/meta");
        reply.AssertOk();
        return reply.Data["token"]!.GetValue<string>();
    }

    /// <summary>SHA-256 of a whole download, read as a stream.</summary>
    public static async Task<(int Status, byte[] Hash, long Length)> DownloadHashAsync(this FeishuClient client, string path)
    {
        using var response = await client.Http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long length = 0;
        int n;
        while ((n = await body.ReadAsync(buffer)) > 0)
        {
            sha.AppendData(buffer, 0, n);
            length += n;
        }
        return ((int)response.StatusCode, sha.GetHashAndReset(), length);
    }
}

/// <summary>Deterministic pseudo-random bytes of a given length, produced on demand (never all in memory),
/// hashed as they are handed out; <see cref="At"/> recomputes any byte range for range checks.</summary>
internal sealed class GeneratedBytes(long length, uint seed = 2463534242)
{
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _position;

    public long Length { get; } = length;

    public int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, Length - _position);
        Fill(_position, buffer[..n]);
        _sha.AppendData(buffer[..n]);
        _position += n;
        return n;
    }

    public byte[] Hash() => _sha.GetCurrentHash();

    public byte[] At(long offset, int count)
    {
        var bytes = new byte[count];
        Fill(offset, bytes);
        return bytes;
    }

    /// <summary>A byte is a hash of its position and the seed, so any range can be recomputed.</summary>
    private void Fill(long offset, Span<byte> buffer)
    {
        for (var i = 0; i < buffer.Length; i++)
        {
            var x = (ulong)(offset + i) * 0x9E3779B97F4A7C15UL ^ seed;
            x ^= x >> 29;
            x *= 0xBF58476D1CE4E5B9UL;
            buffer[i] = (byte)(x >> 32);
        }
    }
}
