using Inkport.Client.Drive;
using Inkport.Client.Internal;

namespace Inkport.Client;

/// <summary>The client of the Feishu drive import API, against Inkport or the real Feishu service.
/// Thread-safe: share one instance; it caches the tenant token and paces import calls across callers.</summary>
public sealed class InkportClient : IDisposable
{
    private readonly HttpClient? _owned;

    /// <summary>A client with its own HTTP connection pool.</summary>
    /// <param name="options">Base URL and app credentials.</param>
    public InkportClient(InkportClientOptions options)
        : this(CreateOwnedHttpClient(out var owned), options) => _owned = owned;

    /// <summary>A client sending through <paramref name="http"/> (which it does not dispose).</summary>
    /// <param name="http">The HTTP client; its BaseAddress and Timeout are not used.</param>
    /// <param name="options">Base URL and app credentials.</param>
    public InkportClient(HttpClient http, InkportClientOptions options) : this(() => http, options) { }

    internal InkportClient(Func<HttpClient> http, InkportClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var api = new ApiTransport(http, options.Validated());
        Options = options;
        Drive = new DriveClient(api);
        Docx = new DocxClient(api);
        Sheets = new SheetsClient(api);
        Bitable = new BitableClient(api);
    }

    /// <summary>The options the client was built with.</summary>
    public InkportClientOptions Options { get; }

    /// <summary>drive/v1: media uploads, import tasks, folders and files.</summary>
    public DriveClient Drive { get; }

    /// <summary>docx/v1 reads.</summary>
    public DocxClient Docx { get; }

    /// <summary>Spreadsheet reads.</summary>
    public SheetsClient Sheets { get; }

    /// <summary>bitable/v1 reads.</summary>
    public BitableClient Bitable { get; }

    /// <summary>The whole flow: upload the source, create the import task, wait for the document.</summary>
    /// <param name="content">The source file's bytes, from the stream's current position.</param>
    /// <param name="fileName">The source's file name; its extension is the import's file_extension.</param>
    /// <param name="type">The document type to produce (see <see cref="ImportMatrix"/>).</param>
    /// <param name="folderToken">The destination folder; "" is the root.</param>
    /// <param name="title">The document's title; null keeps the file name.</param>
    /// <param name="progress">Receives the number of bytes uploaded so far.</param>
    /// <param name="cancellationToken">Cancels the flow.</param>
    /// <returns>The produced document.</returns>
    /// <exception cref="ImportFailedException">The import failed; its job_status says why.</exception>
    public async Task<ImportResult> ImportAsync(Stream content, string fileName, ImportType type, string folderToken = "", string? title = null,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var fileToken = await Drive.Medias.UploadForImportAsync(content, fileName, type, progress, cancellationToken).ConfigureAwait(false);
        var ticket = await Drive.ImportTasks.CreateAsync(fileToken, ImportMatrix.ExtensionOf(fileName), type, title, folderToken, cancellationToken)
            .ConfigureAwait(false);
        return await Drive.ImportTasks.WaitForImportAsync(ticket, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Disposes the HTTP client the client created for itself, if any.</summary>
    public void Dispose() => _owned?.Dispose();

    private static HttpClient CreateOwnedHttpClient(out HttpClient owned) =>
        owned = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan, // each attempt has its own limit (RequestTimeout)
        };
}
