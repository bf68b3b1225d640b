using System.Reflection;
using System.Text;
using BenchmarkDotNet.Attributes;
using Inkport.Bench;
using Inkport.Conversion;
using Inkport.Conversion.Formats.Markdown;
using Markdig;
using Markdig.Syntax;

namespace Inkport.Benchmarks;

/// <summary>Markdown into a block document, beside Markdig's bare parse (the floor: decode + parse, no walk).</summary>
[CorpusFile("md-10mb.md")]
public class MarkdownBenchmarks : CorpusBenchmark
{
    private static readonly IDocxConverter Converter = Format("md", ImportTarget.Docx).DocxConverter!;

    /// <summary>The converter's own pipeline (private to it; read here so the floor cannot drift from it).</summary>
    private static readonly MarkdownPipeline ConverterPipeline =
        typeof(MarkdownConverter).GetField("Pipeline", BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null) as MarkdownPipeline
        ?? throw new InvalidOperationException("MarkdownConverter.Pipeline not found: update the Markdig floor benchmark");

    /// <summary>The pipeline of the shared peers' md-markdig case (the 0.69 s figure).</summary>
    private static readonly MarkdownPipeline PeerPipeline = new MarkdownPipelineBuilder()
        .UsePipeTables().UseTaskLists().UseAutoLinks().UseEmphasisExtras().Build();

    [Benchmark(Baseline = true)]
    public MarkdownDocument MarkdigParseConverterPipeline() => Markdown.Parse(Encoding.UTF8.GetString(Bytes), ConverterPipeline);

    [Benchmark]
    public MarkdownDocument MarkdigParsePeerPipeline() => Markdown.Parse(Encoding.UTF8.GetString(Bytes), PeerPipeline);

    [Benchmark]
    public long InkportMarkdown() => DocxCounts.Blocks(Converter.Convert(Source(), Options).Document.Blocks);
}
