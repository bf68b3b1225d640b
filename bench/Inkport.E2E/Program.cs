// usage: Inkport.E2E FILE [--type docx|sheet|bitable] [--url URL [--pid PID]] [--server DLL] [--poll-ms 10] [--multipart]
//
// Imports FILE end to end through Inkport's HTTP API as a client does — tenant token, upload_all (files over
// 20 MiB, or with --multipart: upload_prepare, upload_part per block, upload_finish), create the import task,
// poll it every --poll-ms until it ends — and prints the wall time of that sequence and
// the server's peak RSS (VmHWM, reset before each import through /proc/PID/clear_refs) and CPU time during it.
// Without --url it starts the built server itself (--in-memory, rate limits off) on a free loopback port
// and stops it at the end. ITER=N (env) imports N times against the same (warm) server and prints
// "iteration K: MS ms, ..." on stderr, as bench.py --inproc-iter expects; stdout's last line is a check.
using System.Diagnostics;
using Inkport.Conversion;
using Inkport.E2E;

if (!E2EArguments.TryParse(args, out var arguments))
{
    Console.Error.WriteLine("usage: Inkport.E2E FILE [--type docx|sheet|bitable] [--url URL [--pid PID]] [--server DLL] [--poll-ms 10] [--multipart]");
    return 2;
}
// Feishu takes files over 20 MiB only through upload_prepare / upload_part / upload_finish.
var multipart = arguments.Multipart || new FileInfo(arguments.File).Length > ImportClient.MaxUploadAllBytes;

var iterations = int.TryParse(Environment.GetEnvironmentVariable("ITER"), out var n) && n > 1 ? n : 1;
await using var server = arguments.Url is null ? await InkportServer.StartAsync(arguments.ServerDll) : InkportServer.Attach(arguments.Url, arguments.Pid);
using var client = new ImportClient(server.Url, TimeSpan.FromMilliseconds(arguments.PollMs));
var extension = Path.GetExtension(arguments.File).TrimStart('.');
var type = arguments.Type ?? (ImportFormats.Find(extension, ImportTarget.Docx) is not null ? ImportTarget.Docx : ImportTarget.Sheet).WireName();

ImportOutcome outcome = null!;
double peakMb = 0;
var warmCpuMs = new List<double>();
for (var k = 1; k <= iterations; k++)
{
    server.ResetPeakRss();
    var serverCpuBefore = server.CpuTime();
    var watch = Stopwatch.StartNew();
    outcome = await client.ImportAsync(arguments.File, extension, type, multipart);
    watch.Stop();
    var runPeak = server.PeakRssMb();
    var serverCpu = server.CpuTime() - serverCpuBefore;
    peakMb = Math.Max(peakMb, runPeak ?? 0);
    if (outcome.JobStatus != 0)
    {
        Console.Error.WriteLine($"import failed: job_status {outcome.JobStatus}: {outcome.Message}");
        return 1;
    }
    var rss = runPeak is { } mb ? $"{mb:F0} MB" : "n/a";
    var cpu = serverCpu is { } c ? $"{c.TotalMilliseconds:F0} ms" : "n/a";
    if (k > 1 && serverCpu is { } warm) warmCpuMs.Add(warm.TotalMilliseconds);
    Console.Error.WriteLine($"iteration {k}: {watch.Elapsed.TotalMilliseconds:F0} ms (upload {outcome.Upload.TotalMilliseconds:F0} ms), server CPU {cpu}, server peak RSS {rss}, polls {outcome.Polls}");
}
// The warm imports' median server CPU leads the check line: bench.py keeps the wall times only.
var cpuCheck = warmCpuMs.Count > 0 ? $"server_cpu_ms={warmCpuMs.Order().ElementAt(warmCpuMs.Count / 2):F0} " : "";
Console.WriteLine($"{cpuCheck}server_peak_rss_mb={(server.CanReadRss ? peakMb.ToString("F0") : "n/a")} job_status={outcome.JobStatus} " +
    $"extra=[{string.Join(",", outcome.Extra)}] type={type} upload={(multipart ? "blocks" : "upload_all")}");
return 0;
