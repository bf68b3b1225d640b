using System.Text;
using AngleSharp.Html.Parser;
using BenchmarkDotNet.Attributes;
using Inkport.Bench;
using Inkport.Conversion;

namespace Inkport.Benchmarks;

/// <summary>HTML into a block document, beside AngleSharp's bare HTML5 parse of the whole page (decode + DOM),
/// the library the converter parses with.</summary>
[CorpusFile("html-big.html")]
public class HtmlBenchmarks : CorpusBenchmark
{
    private static readonly IDocxConverter Converter = Format("html", ImportTarget.Docx).DocxConverter!;

    [Benchmark(Baseline = true)]
    public int AngleSharpParse()
    {
        using var document = new HtmlParser().ParseDocument(Encoding.UTF8.GetString(Bytes));
        return document.All.Length;
    }

    [Benchmark]
    public long InkportHtml() => DocxCounts.Blocks(Converter.Convert(Source(), Options).Document.Blocks);
}
