using BenchmarkDotNet.Attributes;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using Inkport.Bench;
using Inkport.Conversion;

namespace Inkport.Benchmarks;

/// <summary>Word (docx) into a block document, beside the Open XML SDK's SAX pass over the main document part
/// (the shared peers' docx-openxml-sax case: open the package, read every element, build nothing).</summary>
[CorpusFile("docx-big.docx")]
public class DocxBenchmarks : CorpusBenchmark
{
    private static readonly IDocxConverter Converter = Format("docx", ImportTarget.Docx).DocxConverter!;

    [Benchmark(Baseline = true)]
    public long OpenXmlSaxScan()
    {
        using var document = WordprocessingDocument.Open(Source(), false);
        using var reader = OpenXmlReader.Create(document.MainDocumentPart!);
        long elements = 0;
        while (reader.Read()) elements++;
        return elements;
    }

    [Benchmark]
    public long InkportDocx() => DocxCounts.Blocks(Converter.Convert(Source(), Options).Document.Blocks);
}
