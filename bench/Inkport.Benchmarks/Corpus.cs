using System.Reflection;
using BenchmarkDotNet.Attributes;
using Inkport.Conversion;

namespace Inkport.Benchmarks;

/// <summary>The benchmark corpus folder (from the shared bench/make-corpus.sh): <c>--corpus DIR</c> or
/// <see cref="EnvironmentVariable"/>. BenchmarkDotNet runs each class in a child process, which inherits the variable.</summary>
public static class Corpus
{
    public const string EnvironmentVariable = "INKPORT_BENCH_CORPUS";

    public static string? Directory => Environment.GetEnvironmentVariable(EnvironmentVariable);

    public static string FileOf(Type benchmark) =>
        benchmark.GetCustomAttribute<CorpusFileAttribute>()?.FileName
        ?? throw new InvalidOperationException($"{benchmark.Name} has no [CorpusFile]");

    public static bool Has(Type benchmark) =>
        Directory is { } dir && File.Exists(Path.Combine(dir, FileOf(benchmark)));
}

/// <summary>The corpus file a benchmark class converts; classes whose file is missing are skipped.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class CorpusFileAttribute(string fileName) : Attribute
{
    public string FileName => fileName;
}

/// <summary>Base of one converter's benchmarks: the corpus file is read into memory once, and every
/// invocation converts it from a fresh read-only <see cref="MemoryStream"/> (no disk in the timing).
/// Short job: it runs by hand on a shared machine, to compare with the peers, not to detect 1 % changes.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public abstract class CorpusBenchmark
{
    protected byte[] Bytes { get; private set; } = [];
    protected ConversionOptions Options { get; private set; } = new();

    [GlobalSetup]
    public void LoadCorpusFile()
    {
        var name = Corpus.FileOf(GetType());
        Bytes = File.ReadAllBytes(Path.Combine(Corpus.Directory ?? throw new InvalidOperationException("no corpus"), name));
        Options = new ConversionOptions { FileName = name };
    }

    protected MemoryStream Source() => new(Bytes, writable: false);

    protected static ImportFormat Format(string extension, ImportTarget target) =>
        ImportFormats.Find(extension, target) is { } format
            ? format
            : throw new InvalidOperationException($"no converter for .{extension} into {target.WireName()}");
}
