using Inkport.Client.Internal;
using Inkport.Contracts;

namespace Inkport.Client.Drive;

/// <summary>/drive/v1/import_tasks (spec/03): create, get, wait.</summary>
public sealed class ImportTasksClient
{
    /// <summary>How long <see cref="WaitForImportAsync"/> waits by default: Feishu's processing timeout (job_status 108 after
    /// 600 s) plus a margin.</summary>
    public static readonly TimeSpan DefaultWaitLimit = TimeSpan.FromMinutes(11);

    private static readonly TimeSpan FirstPollDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxPollDelay = TimeSpan.FromSeconds(2);

    private readonly ApiTransport _api;

    internal ImportTasksClient(ApiTransport api) => _api = api;

    /// <summary>Creates an import task (paced to the client's <see cref="InkportClientOptions.ImportCreatesPerMinute"/>).</summary>
    /// <param name="fileToken">The token of the uploaded source (<see cref="MediasClient.UploadForImportAsync"/>), less than 5 minutes old.</param>
    /// <param name="fileExtension">The source's extension exactly as uploaded, e.g. "md".</param>
    /// <param name="type">The document type to produce.</param>
    /// <param name="fileName">The document's title; null keeps the uploaded file's name.</param>
    /// <param name="folderToken">The destination folder; "" is the caller's root folder.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The task's ticket.</returns>
    public async Task<string> CreateAsync(string fileToken, string fileExtension, ImportType type, string? fileName = null, string folderToken = "",
        CancellationToken cancellationToken = default)
    {
        await _api.ImportCreates.WaitAsync(cancellationToken).ConfigureAwait(false);
        var body = new ImportTaskRequest(fileExtension, fileToken, type.ToWire(), fileName, new ImportMountPoint(1, folderToken));
        var data = await _api.GetDataAsync<TicketData>(ApiRequest.PostJson("/open-apis/drive/v1/import_tasks", body), cancellationToken).ConfigureAwait(false);
        return data.Ticket;
    }

    /// <summary>Reads a task's state once (paced to the client's import-get limits).</summary>
    /// <param name="ticket">The task's ticket.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The task as the server reports it; job_status 1 and 2 mean still running.</returns>
    public async Task<ImportTaskResult> GetAsync(string ticket, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ticket);
        await _api.ImportGetsPerMinute.WaitAsync(cancellationToken).ConfigureAwait(false);
        await _api.ImportGetsPerSecond.WaitAsync(cancellationToken).ConfigureAwait(false);
        var data = await _api.GetDataAsync<ImportTaskData>(ApiRequest.Get($"/open-apis/drive/v1/import_tasks/{Paging.Segment(ticket)}"), cancellationToken)
            .ConfigureAwait(false);
        return data.Result;
    }

    /// <summary>Polls a task with growing intervals (0.1 s up to 2 s) until it ends. Status 0 without a document token
    /// counts as still pending, as Feishu's own CLI treats it.</summary>
    /// <param name="ticket">The task's ticket.</param>
    /// <param name="timeout">How long to wait; <see cref="DefaultWaitLimit"/> when null.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The produced document.</returns>
    /// <exception cref="ImportFailedException">The task failed; its job_status says why.</exception>
    /// <exception cref="ImportTimeoutException">The task was still pending when <paramref name="timeout"/> ran out.</exception>
    /// <exception cref="InkportApiException">Polling itself failed.</exception>
    public async Task<ImportResult> WaitForImportAsync(string ticket, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var time = _api.Options.TimeProvider;
        var started = time.GetTimestamp();
        var limit = timeout ?? DefaultWaitLimit;
        var delay = FirstPollDelay;
        while (true)
        {
            var task = await GetAsync(ticket, cancellationToken).ConfigureAwait(false);
            if (!JobStatuses.IsPending(task.JobStatus, task.Token))
            {
                if (task.JobStatus != JobStatuses.Success) throw new ImportFailedException(ticket, task.JobStatus, task.JobErrorMsg ?? "");
                var type = ImportTypes.TryParse(task.Type, out var parsed) ? parsed
                    : throw new InkportApiException(0, $"import {ticket} finished with an unknown type \"{task.Type}\"", 200, null, false, "GET /open-apis/drive/v1/import_tasks");
                return new ImportResult(task.Ticket ?? ticket, type, task.Token, task.Url ?? "", task.Extra ?? []);
            }
            var waited = time.GetElapsedTime(started);
            if (waited >= limit) throw new ImportTimeoutException(ticket, task.JobStatus, waited);
            var pause = delay < limit - waited ? delay : limit - waited;
            await Task.Delay(pause, time, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(MaxPollDelay.Ticks, (long)(delay.Ticks * 1.5)));
        }
    }
}
