// usage: Inkport.Benchmarks [--corpus DIR] [BenchmarkDotNet arguments, e.g. --filter '*Csv*']
// The corpus comes from the shared bench/make-corpus.sh; classes whose corpus file is missing are skipped.
using BenchmarkDotNet.Running;
using Inkport.Benchmarks;

var rest = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--corpus" && i + 1 < args.Length) Environment.SetEnvironmentVariable(Corpus.EnvironmentVariable, Path.GetFullPath(args[++i]));
    else rest.Add(args[i]);
}
if (Corpus.Directory is not { } corpus || !Directory.Exists(corpus))
{
    Console.WriteLine($"skipped: no benchmark corpus (pass --corpus DIR or set {Corpus.EnvironmentVariable}; make it with make-corpus.sh)");
    return 0;
}

var all = typeof(CorpusBenchmark).Assembly.GetTypes()
    .Where(t => t.IsSubclassOf(typeof(CorpusBenchmark)) && !t.IsAbstract)
    .OrderBy(t => t.Name)
    .ToList();
foreach (var missing in all.Where(t => !Corpus.Has(t)))
    Console.WriteLine($"skipped {missing.Name}: {Corpus.FileOf(missing)} is not in {corpus}");
var available = all.Where(Corpus.Has).ToArray();
if (available.Length == 0) return 0;
// Without a filter BenchmarkSwitcher asks interactively; run everything instead.
if (!rest.Contains("--filter") && !rest.Contains("-f")) rest.AddRange(["--filter", "*"]);
BenchmarkSwitcher.FromTypes(available).Run([.. rest]);
return 0;
