using BenchmarkDotNet.Attributes;
using CsvHelper;
using Inkport.Bench;
using Inkport.Conversion;

namespace Inkport.Benchmarks;

/// <summary>CSV into a sheet (typed cells into a counting sink) and through the bitable field inference,
/// beside CsvHelper's bare parse (every field materialised as a string, as the shared peers' case does).</summary>
[CorpusFile("csv-20mb.csv")]
public class CsvBenchmarks : CorpusBenchmark
{
    private static readonly ISpreadsheetConverter ToSheet = Format("csv", ImportTarget.Sheet).SpreadsheetConverter!;
    private static readonly ISpreadsheetConverter ToBitable = Format("csv", ImportTarget.Bitable).SpreadsheetConverter!;

    [Benchmark(Baseline = true)]
    public long CsvHelperParse()
    {
        using var csv = CsvReader.Create(Source(), new CsvReaderOptions { HasHeader = false });
        long cells = 0;
        while (csv.Read())
            for (var i = 0; i < csv.FieldCount; i++) cells += csv.GetString(i).Length > 0 ? 1 : 0;
        return cells;
    }

    [Benchmark]
    public long InkportCsvToSheet()
    {
        var sink = new CountingSink();
        ToSheet.Convert(Source(), Options, sink);
        return sink.Cells;
    }

    [Benchmark]
    public long InkportCsvBitableInference()
    {
        var sink = new InferenceSink(Options.Limits);
        ToBitable.Convert(Source(), Options, sink);
        return sink.Records;
    }
}
