using BenchmarkDotNet.Attributes;
using Inkport.Bench;
using Inkport.Conversion;

namespace Inkport.Benchmarks;

/// <summary>Plain text into a block document (the Markdown corpus file read as text), beside a bare line read.</summary>
[CorpusFile("md-10mb.md")]
public class TextBenchmarks : CorpusBenchmark
{
    private static readonly IDocxConverter Converter = Format("txt", ImportTarget.Docx).DocxConverter!;

    [Benchmark(Baseline = true)]
    public long ReadLines()
    {
        using var reader = new StreamReader(Source());
        long lines = 0;
        while (reader.ReadLine() is not null) lines++;
        return lines;
    }

    [Benchmark]
    public long InkportText() => DocxCounts.Blocks(Converter.Convert(Source(), Options).Document.Blocks);
}
