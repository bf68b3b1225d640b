using System.Text;
using BenchmarkDotNet.Attributes;
using ExcelDataReader;
using Inkport.Bench;
using Inkport.Conversion;

namespace Inkport.Benchmarks;

/// <summary>A workbook into a sheet (typed cells into a counting sink), beside ExcelDataReader reading every
/// cell's value (the shared peers' sheet-exceldatareader case).</summary>
public abstract class SpreadsheetBenchmarks(string extension) : CorpusBenchmark
{
    private readonly ISpreadsheetConverter _toSheet = Format(extension, ImportTarget.Sheet).SpreadsheetConverter!;

    static SpreadsheetBenchmarks() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Benchmark(Baseline = true)]
    public long ExcelDataReaderValues()
    {
        using var reader = ExcelReaderFactory.CreateReader(Source());
        long cells = 0;
        do
        {
            while (reader.Read())
                for (var i = 0; i < reader.FieldCount; i++) cells += reader.GetValue(i) is null ? 0 : 1;
        } while (reader.NextResult());
        return cells;
    }

    [Benchmark]
    public long InkportToSheet()
    {
        var sink = new CountingSink();
        _toSheet.Convert(Source(), Options, sink);
        return sink.Cells;
    }
}

/// <summary>xlsx also imports as a bitable: the same workbook through the field inference.</summary>
[CorpusFile("xlsx-20mb.xlsx")]
public class XlsxBenchmarks() : SpreadsheetBenchmarks("xlsx")
{
    private static readonly ISpreadsheetConverter ToBitable = Format("xlsx", ImportTarget.Bitable).SpreadsheetConverter!;

    [Benchmark]
    public long InkportBitableInference()
    {
        var sink = new InferenceSink(Options.Limits);
        ToBitable.Convert(Source(), Options, sink);
        return sink.Records;
    }
}

[CorpusFile("xls-big.xls")]
public class XlsBenchmarks() : SpreadsheetBenchmarks("xls");
