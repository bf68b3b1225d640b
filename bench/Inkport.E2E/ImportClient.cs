using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Inkport.E2E;

/// <summary>How an import ended; <see cref="Upload"/> is the time to the file token, the rest of the wall time is the task's.</summary>
internal sealed record ImportOutcome(int JobStatus, string Message, IReadOnlyList<string> Extra, int Polls, TimeSpan Upload);

/// <summary>The import flow of the seed's guide over plain HTTP, with the development app.</summary>
internal sealed class ImportClient(string baseUrl, TimeSpan poll) : IDisposable
{
    /// <summary>upload_all's limit (spec/04): bigger files need upload_prepare / upload_part / upload_finish.</summary>
    public const long MaxUploadAllBytes = 20 * 1024 * 1024;

    private const string AppId = "cli_inkportdevapp";
    private const string AppSecret = "inkport-development-secret";
    private const int Initializing = 1;
    private const int Processing = 2;

    private readonly HttpClient _http = new() { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(15) };

    public async Task<ImportOutcome> ImportAsync(string path, string extension, string type, bool multipart)
    {
        var token = (await PostJsonAsync("/open-apis/auth/v3/tenant_access_token/internal", new { app_id = AppId, app_secret = AppSecret }, null))
            ["tenant_access_token"]!.GetValue<string>();
        var upload = System.Diagnostics.Stopwatch.StartNew();
        var fileToken = multipart ? await UploadInBlocksAsync(path, extension, type, token)
            : (await UploadAsync(path, extension, type, token))["data"]!["file_token"]!.GetValue<string>();
        upload.Stop();
        var ticket = (await PostJsonAsync("/open-apis/drive/v1/import_tasks", new
        {
            file_extension = extension, file_token = fileToken, type, file_name = Path.GetFileNameWithoutExtension(path),
            point = new { mount_type = 1, mount_key = "" },
        }, token))["data"]!["ticket"]!.GetValue<string>();

        for (var polls = 1; ; polls++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/open-apis/drive/v1/import_tasks/{ticket}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var result = (await SendAsync(request))["data"]!["result"]!;
            var status = result["job_status"]!.GetValue<int>();
            if (status is not (Initializing or Processing))
                return new ImportOutcome(status, result["job_error_msg"]?.GetValue<string>() ?? "",
                    result["extra"]?.AsArray().Select(e => e!.GetValue<string>()).ToList() ?? [], polls, upload.Elapsed);
            await Task.Delay(poll);
        }
    }

    private async Task<JsonNode> UploadAsync(string path, string extension, string type, string token)
    {
        await using var file = File.OpenRead(path);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(Path.GetFileName(path)), "file_name" },
            { new StringContent("ccm_import_open"), "parent_type" },
            { new StringContent(file.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)), "size" },
            { new StringContent(JsonSerializer.Serialize(new { obj_type = type, file_extension = extension })), "extra" },
            { new StreamContent(file, 1 << 16), "file", Path.GetFileName(path) },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/open-apis/drive/v1/medias/upload_all") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await SendAsync(request);
    }

    /// <summary>upload_prepare, then each block as the server sized them (upload_part, with its Adler-32), then upload_finish.</summary>
    private async Task<string> UploadInBlocksAsync(string path, string extension, string type, string token)
    {
        await using var file = File.OpenRead(path);
        var prepared = (await PostJsonAsync("/open-apis/drive/v1/medias/upload_prepare", new
        {
            file_name = Path.GetFileName(path), parent_type = "ccm_import_open", parent_node = "", size = file.Length,
            extra = JsonSerializer.Serialize(new { obj_type = type, file_extension = extension }),
        }, token))["data"]!;
        var uploadId = prepared["upload_id"]!.GetValue<string>();
        var blockSize = prepared["block_size"]!.GetValue<int>();
        var blockNum = prepared["block_num"]!.GetValue<int>();
        var block = new byte[blockSize];
        for (var seq = 0; seq < blockNum; seq++)
        {
            var length = await file.ReadAtLeastAsync(block, blockSize, throwOnEndOfStream: false);
            using var form = new MultipartFormDataContent
            {
                { new StringContent(uploadId), "upload_id" },
                { new StringContent(seq.ToString(System.Globalization.CultureInfo.InvariantCulture)), "seq" },
                { new StringContent(length.ToString(System.Globalization.CultureInfo.InvariantCulture)), "size" },
                { new StringContent(Adler32(block.AsSpan(0, length)).ToString(System.Globalization.CultureInfo.InvariantCulture)), "checksum" },
                { new ByteArrayContent(block, 0, length), "file", Path.GetFileName(path) },
            };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/open-apis/drive/v1/medias/upload_part") { Content = form };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            await SendAsync(request);
        }
        return (await PostJsonAsync("/open-apis/drive/v1/medias/upload_finish", new { upload_id = uploadId, block_num = blockNum }, token))
            ["data"]!["file_token"]!.GetValue<string>();
    }

    private static uint Adler32(ReadOnlySpan<byte> data)
    {
        const uint Modulus = 65521;
        uint a = 1, b = 0;
        while (data.Length > 0)
        {
            // 5552 bytes keep the sums within 32 bits before the modulus.
            var run = data[..Math.Min(data.Length, 5552)];
            foreach (var x in run) { a += x; b += a; }
            a %= Modulus;
            b %= Modulus;
            data = data[run.Length..];
        }
        return (b << 16) | a;
    }

    private async Task<JsonNode> PostJsonAsync(string path, object body, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await SendAsync(request);
    }

    /// <summary>Sends and returns the envelope; any code other than 0 ends the benchmark with the server's message.</summary>
    private async Task<JsonNode> SendAsync(HttpRequestMessage request)
    {
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var envelope = JsonNode.Parse(text) as JsonObject;
        if (envelope?["code"]?.GetValue<int>() != 0)
            throw new InvalidOperationException($"{request.Method} {request.RequestUri}: HTTP {(int)response.StatusCode}: {text}");
        return envelope;
    }

    public void Dispose() => _http.Dispose();
}
