// usage: Inkport.Convert FILE [--target docx|sheet|bitable] [--stage convert|encode|sqlite]
//
// Converts FILE with the converter ImportFormats registers for its extension and target, and prints a
// count (so runs can be checked against each other). Stages, each including the ones before it:
//   convert  the converter into a counting sink (docx: the finished model) — pure conversion
//   encode   plus Core's document writers encoding every part (JSON blocks and metadata, binary row chunks; a store that only counts the bytes)
//   sqlite   plus the SQLite store writing the parts (the server's --in-memory storage, a temp folder)
// ITER=N (env) repeats the work N times in one process and prints "iteration K: MS ms, CPU MS ms, A MB allocated"
// (and the CPU time) on stderr (first = cold JIT, later = warm), as bench.py --inproc-iter expects.
using System.Diagnostics;
using Inkport.Bench;
using Inkport.Conversion;

if (!ConvertArguments.TryParse(args, out var arguments))
{
    Console.Error.WriteLine("usage: Inkport.Convert FILE [--target docx|sheet|bitable] [--stage convert|encode|sqlite]");
    return 2;
}
var extension = Path.GetExtension(arguments.Path).TrimStart('.');
var target = arguments.Target ?? (ImportFormats.Find(extension, ImportTarget.Docx) is not null ? ImportTarget.Docx : ImportTarget.Sheet);
var format = ImportFormats.Find(extension, target);
if (format is null)
{
    Console.Error.WriteLine($"Inkport has no converter for .{extension} into {target.WireName()}");
    return 2;
}

var iterations = int.TryParse(Environment.GetEnvironmentVariable("ITER"), out var n) && n > 1 ? n : 1;
await using var stage = ImportStage.Create(arguments.Stage);
var result = "";
var warmCpuMs = new List<double>();
for (var k = 1; k <= iterations; k++)
{
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    result = await stage.RunAsync(arguments.Path, format);
    watch.Stop();
    if (iterations > 1)
    {
        // CPU time beside the wall time: on a shared machine it is the steadier of the two.
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;
        if (k > 1) warmCpuMs.Add(cpuMs);
        var allocatedMb = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1e6;
        Console.Error.WriteLine($"iteration {k}: {watch.Elapsed.TotalMilliseconds:F0} ms, CPU {cpuMs:F0} ms, {allocatedMb:F0} MB allocated, " +
            $"gen0/1/2 collections so far {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
    }
}
// The warm iterations' median CPU leads the check line: bench.py keeps the wall times only.
Console.WriteLine(warmCpuMs.Count > 0 ? $"cpu_ms={warmCpuMs.Order().ElementAt(warmCpuMs.Count / 2):F0} {result}" : result);
return 0;

internal sealed record ConvertArguments(string Path, ImportTarget? Target, StageKind Stage)
{
    public static bool TryParse(string[] args, out ConvertArguments parsed)
    {
        parsed = null!;
        string? path = null;
        ImportTarget? target = null;
        var stage = StageKind.Convert;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--target" when i + 1 < args.Length && ImportTargets.TryParse(args[i + 1], out var t):
                    target = t;
                    i++;
                    break;
                case "--stage" when i + 1 < args.Length && Enum.TryParse<StageKind>(args[i + 1], ignoreCase: true, out var s):
                    stage = s;
                    i++;
                    break;
                case var a when !a.StartsWith("--", StringComparison.Ordinal) && path is null:
                    path = a;
                    break;
                default:
                    return false;
            }
        }
        if (path is null || !File.Exists(path)) return false;
        parsed = new ConvertArguments(path, target, stage);
        return true;
    }
}
