using System.Diagnostics;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Inkport.Console.Tests;

/// <summary>Time to first render of the benchmark corpus's big documents in the browser: the 10 MB Markdown's docx
/// and the 20 MB xlsx's sheet. Reported, not asserted. Run with
/// <c>INKPORT_LONG=1 dotnet test tests/Inkport.Console.Tests --filter Category=Long --logger "console;verbosity=detailed"</c>;
/// the xlsx comes from <c>INKPORT_BENCH_XLSX</c> (default: bench/make-corpus.sh's output under /tmp).</summary>
[Trait("Category", "Long")]
[Collection(BrowserCollection.Name)]
public sealed class FirstRenderTimings(Browser browser, ITestOutputHelper output)
{
    private const string GenMd = "/work/shared/bench/gen/gen_md.py";

    [LongFact]
    public async Task Ten_megabyte_markdown_document()
    {
        var path = Environment.GetEnvironmentVariable("INKPORT_BENCH_MD") ?? Path.Combine(Path.GetTempPath(), "inkport-console-md-10mb.md");
        if (!File.Exists(path))
        {
            Assert.True(File.Exists(GenMd), $"set INKPORT_BENCH_MD or provide {GenMd}");
            using var gen = Process.Start("python3", [GenMd, path, "--seed", "20261121", "--bytes", "10000000"])!;
            await gen.WaitForExitAsync();
            Assert.Equal(0, gen.ExitCode);
        }
        var (url, importTime) = await ImportAsync(path, "docx", "md");
        var page = await SignedInPageAsync();
        var firstRender = await FirstRenderAsync(page, new Uri(url).AbsolutePath);
        var blocks = await page.Locator("article.doc > *").CountAsync();
        output.WriteLine($"10 MB Markdown ({new FileInfo(path).Length:N0} bytes): import {importTime.TotalSeconds:F1} s; first render {firstRender:F0} ms after navigation start ({blocks} top-level elements on the first page)");

        // Scroll to the end: every page of 500 blocks is fetched on demand.
        var clock = Stopwatch.StartNew();
        var end = await page.EvaluateAsync<string>("""
            async () => {
              const status = document.querySelector('.doc-status');
              const deadline = Date.now() + 300000;
              while (/scroll for more|Loading/.test(status.textContent) && Date.now() < deadline) {
                window.scrollTo(0, document.body.scrollHeight);
                await new Promise(r => setTimeout(r, 50));
              }
              return status.textContent;
            }
            """);
        output.WriteLine($"  scrolled to the end in {clock.Elapsed.TotalSeconds:F1} s: {end}");
        await Browser.ScreenshotAsync(page, "long-docx-end");
    }

    [LongFact]
    public async Task Twenty_megabyte_xlsx_sheet()
    {
        var path = Environment.GetEnvironmentVariable("INKPORT_BENCH_XLSX")
            ?? new[] { "/tmp/inkport-bench-corpus/xlsx-20mb.xlsx", "/tmp/benchcorpus/xlsx-20mb.xlsx" }.FirstOrDefault(File.Exists);
        Assert.True(path is not null && File.Exists(path), "set INKPORT_BENCH_XLSX to the corpus's xlsx-20mb.xlsx (bench/make-corpus.sh)");
        var (url, importTime) = await ImportAsync(path!, "sheet", "xlsx");
        var page = await SignedInPageAsync();
        var firstRender = await FirstRenderAsync(page, new Uri(url).AbsolutePath);
        var facts = await page.Locator(".sheet-facts").InnerTextAsync();
        output.WriteLine($"20 MB xlsx ({new FileInfo(path!).Length:N0} bytes, {facts}): import {importTime.TotalSeconds:F1} s; first render {firstRender:F0} ms after navigation start");

        // Jump to the last row and time until its cells are drawn with values.
        var clock = Stopwatch.StartNew();
        await page.Locator(".grid-scroller").EvaluateAsync("g => g.scrollTop = g.scrollHeight");
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.cell:not(.pending)')].some(c => Number(c.dataset.row) > 190000 && c.textContent)");
        output.WriteLine($"  last rows drawn {clock.ElapsedMilliseconds} ms after jumping to the end");
        await Browser.ScreenshotAsync(page, "long-sheet-end");
    }

    private async Task<(string Url, TimeSpan ImportTime)> ImportAsync(string path, string type, string extension)
    {
        var http = await browser.Host.AppClientAsync();
        var clock = Stopwatch.StartNew();
        await using var file = File.OpenRead(path);
        var url = await browser.Host.ImportAsync(http, Path.GetFileName(path), file, file.Length, type, extension);
        return (url, clock.Elapsed);
    }

    private async Task<IPage> SignedInPageAsync()
    {
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(120_000);
        await page.GotoAsync("/signin");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in as the development app" }).ClickAsync();
        await page.WaitForURLAsync("**/");
        return page;
    }

    /// <summary>Navigates and returns the viewer's `inkport:first-render` mark: ms from navigation start to the first drawn content.</summary>
    private static async Task<double> FirstRenderAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.WaitForFunctionAsync("() => performance.getEntriesByName('inkport:first-render').length > 0");
        return await page.EvaluateAsync<double>("() => performance.getEntriesByName('inkport:first-render')[0].startTime");
    }
}

/// <summary>A fact that runs only when <c>INKPORT_LONG=1</c> (long runs stay out of ./test.sh).</summary>
public sealed class LongFactAttribute : FactAttribute
{
    public LongFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("INKPORT_LONG") != "1") Skip = "long run: set INKPORT_LONG=1 and --filter Category=Long";
    }
}
