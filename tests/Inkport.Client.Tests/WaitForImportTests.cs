using System.Net;
using System.Text;
using Inkport.Client.Tests.Infrastructure;

namespace Inkport.Client.Tests;

/// <summary>WaitForImportAsync: a document, a typed failure naming the job_status, or a timeout.</summary>
public sealed class WaitForImportTests : IDisposable
{
    private readonly ServerHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task A_corrupt_xlsx_fails_with_job_status_129_and_its_meaning()
    {
        var (client, _) = _host.Client();
        using var __ = client;
        var token = await client.Drive.Medias.UploadForImportAsync(new MemoryStream("this is not a zip file"u8.ToArray()), "broken.xlsx", ImportType.Sheet);
        var ticket = await client.Drive.ImportTasks.CreateAsync(token, "xlsx", ImportType.Sheet);

        var e = await Assert.ThrowsAsync<ImportFailedException>(() => client.Drive.ImportTasks.WaitForImportAsync(ticket));

        Assert.Equal(129, e.JobStatus);
        Assert.Equal(ticket, e.Ticket);
        Assert.Contains("damaged", e.Meaning);
        Assert.Contains("129", e.Message);
    }

    [Fact]
    public async Task A_successful_import_returns_its_document_and_extra_codes()
    {
        var (client, _) = _host.Client();
        using var __ = client;
        var token = await client.Drive.Medias.UploadForImportAsync(new MemoryStream("a,b\n1,2\n"u8.ToArray()), "t.csv", ImportType.Bitable);
        var ticket = await client.Drive.ImportTasks.CreateAsync(token, "csv", ImportType.Bitable, "my table");

        var result = await client.Drive.ImportTasks.WaitForImportAsync(ticket);

        Assert.Equal(ImportType.Bitable, result.Type);
        Assert.Equal(ticket, result.Ticket);
        Assert.Equal("my table", (await client.Bitable.GetAppAsync(result.Token)).Name);
        Assert.NotNull(result.Extra);
    }

    [Fact]
    public async Task Status_0_without_a_token_is_still_pending()
    {
        var polls = 0;
        var (client, _) = _host.Client(intercept: request =>
        {
            if (!request.RequestUri!.AbsolutePath.Contains("/import_tasks/")) return null;
            var done = Interlocked.Increment(ref polls) >= 3;
            var token = done ? "Nlg1b8TZQoVDy8xcSzJcPPjinzf" : "";
            var url = done ? "https://example.feishu.cn/docx/Nlg1b8TZQoVDy8xcSzJcPPjinzf" : "";
            return Json($"{{\"code\":0,\"msg\":\"success\",\"data\":{{\"result\":{{\"ticket\":\"7\",\"type\":\"docx\",\"job_status\":0,\"job_error_msg\":\"\",\"token\":\"{token}\",\"url\":\"{url}\",\"extra\":[]}}}}}}");
        });
        using var __ = client;

        var result = await client.Drive.ImportTasks.WaitForImportAsync("7");

        Assert.Equal(3, polls);
        Assert.Equal("Nlg1b8TZQoVDy8xcSzJcPPjinzf", result.Token);
    }

    [Fact]
    public async Task A_task_that_stays_processing_times_out_naming_its_last_status()
    {
        var (client, calls) = _host.Client(intercept: request =>
            request.RequestUri!.AbsolutePath.Contains("/import_tasks/")
                ? Json("{\"code\":0,\"msg\":\"success\",\"data\":{\"result\":{\"ticket\":\"9\",\"type\":\"sheet\",\"job_status\":2,\"job_error_msg\":\"\",\"token\":\"\",\"url\":\"\"}}}")
                : null);
        using var __ = client;

        var e = await Assert.ThrowsAsync<ImportTimeoutException>(() => client.Drive.ImportTasks.WaitForImportAsync("9", TimeSpan.FromSeconds(3)));

        Assert.Equal(2, e.LastJobStatus);
        // Backoff from 0.1 s to 2 s gives about 8 polls in 3 s; a busy loop would give hundreds (the bound leaves room for a loaded machine).
        Assert.InRange(calls.Count("/import_tasks/"), 2, 60);
    }

    private static HttpResponseMessage Json(string body) =>
        new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
}
