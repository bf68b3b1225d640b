using System.Globalization;
using System.Net.Http.Headers;
using Inkport.Contracts;

namespace Inkport.Client.Internal;

/// <summary>Uploads for the media and drive-file families alike: one request up to 20 MB, above that
/// upload_prepare → upload_part × n → upload_finish with per-block Adler-32 (spec/02 §1–§3).</summary>
internal sealed class Uploader(ApiTransport api, string family)
{
    /// <summary>The most bytes one upload_all request may carry (spec/02 §1: size ≤ 20971520).</summary>
    public const long SingleRequestLimit = 20 * 1024 * 1024;

    /// <summary>Sends of one part when the server reports it arrived damaged (checksum or size mismatch).</summary>
    private const int PartAttempts = 3;
    private const int ChecksumMismatch = 1062008;
    private const int SizeMismatch = 1062009;

    public async Task<string> UploadAsync(Stream content, string fileName, string parentType, string parentNode, string? extra,
        IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        await using var source = await UploadSource.OpenAsync(content, cancellationToken).ConfigureAwait(false);
        var reporter = new MonotonicProgress(progress);
        return source.Length > SingleRequestLimit
            ? await MultipartAsync(source, fileName, parentType, parentNode, extra, reporter, cancellationToken).ConfigureAwait(false)
            : await SingleAsync(source, fileName, parentType, parentNode, extra, reporter, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> SingleAsync(UploadSource source, string fileName, string parentType, string parentNode, string? extra,
        MonotonicProgress progress, CancellationToken cancellationToken)
    {
        var checksum = await source.ChecksumAsync(cancellationToken).ConfigureAwait(false);
        var request = new ApiRequest(HttpMethod.Post, $"/open-apis/drive/v1/{family}/upload_all")
        {
            Idempotent = true,
            Content = () =>
            {
                var form = new MultipartFormDataContent
                {
                    { new StringContent(fileName), "file_name" },
                    { new StringContent(parentType), "parent_type" },
                };
                if (parentNode.Length > 0) form.Add(new StringContent(parentNode), "parent_node");
                form.Add(new StringContent(source.Length.ToString(CultureInfo.InvariantCulture)), "size");
                form.Add(new StringContent(checksum.ToString(CultureInfo.InvariantCulture)), "checksum");
                if (extra is not null) form.Add(new StringContent(extra), "extra");
                form.Add(FilePart(new ProgressStreamContent(source.Rewind(), source.Length, progress.Report)), "file", fileName);
                return form;
            },
        };
        var data = await api.GetDataAsync<FileTokenData>(request, cancellationToken).ConfigureAwait(false);
        return data.FileToken;
    }

    private async Task<string> MultipartAsync(UploadSource source, string fileName, string parentType, string parentNode, string? extra,
        MonotonicProgress progress, CancellationToken cancellationToken)
    {
        var prepared = await api.GetDataAsync<UploadPrepareData>(
            ApiRequest.PostJson($"/open-apis/drive/v1/{family}/upload_prepare",
                new UploadPrepareRequest(fileName, parentType, parentNode, source.Length, extra), idempotent: true),
            cancellationToken).ConfigureAwait(false);
        var blockSize = prepared.BlockSize;
        var expectedBlocks = blockSize > 0 ? (source.Length + blockSize - 1) / blockSize : -1;
        if (blockSize <= 0 || prepared.BlockNum != expectedBlocks || string.IsNullOrEmpty(prepared.UploadId))
            throw new InkportApiException(0, $"upload_prepare answered block_size {blockSize} and block_num {prepared.BlockNum} for {source.Length} bytes",
                200, null, false, $"POST /open-apis/drive/v1/{family}/upload_prepare");

        var block = new byte[blockSize];
        var stream = source.Rewind();
        long sent = 0;
        for (var seq = 0; seq < prepared.BlockNum; seq++)
        {
            var length = (int)Math.Min(blockSize, source.Length - sent);
            await stream.ReadExactlyAsync(block.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            await SendPartAsync(prepared.UploadId, seq, block, length, cancellationToken).ConfigureAwait(false);
            sent += length;
            progress.Report(sent);
        }

        var finished = await api.GetDataAsync<FileTokenData>(
            ApiRequest.PostJson($"/open-apis/drive/v1/{family}/upload_finish", new UploadFinishRequest(prepared.UploadId, prepared.BlockNum), idempotent: true),
            cancellationToken).ConfigureAwait(false);
        return finished.FileToken;
    }

    private async Task SendPartAsync(string uploadId, int seq, byte[] block, int length, CancellationToken cancellationToken)
    {
        var checksum = Adler32.Of(block.AsSpan(0, length)).ToString(CultureInfo.InvariantCulture);
        var request = new ApiRequest(HttpMethod.Post, $"/open-apis/drive/v1/{family}/upload_part")
        {
            Idempotent = true,
            Content = () => new MultipartFormDataContent
            {
                { new StringContent(uploadId), "upload_id" },
                { new StringContent(seq.ToString(CultureInfo.InvariantCulture)), "seq" },
                { new StringContent(length.ToString(CultureInfo.InvariantCulture)), "size" },
                { new StringContent(checksum), "checksum" },
                { FilePart(new ByteArrayContent(block, 0, length)), "file", $"part{seq}" },
            },
        };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var _ = await api.SendAsync(request, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (InkportApiException e) when (e.Code is ChecksumMismatch or SizeMismatch && attempt < PartAttempts)
            {
                // The block arrived damaged; the bytes here are intact, so send them again.
            }
        }
    }

    private static HttpContent FilePart(HttpContent content)
    {
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }
}
