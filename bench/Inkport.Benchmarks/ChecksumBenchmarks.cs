using BenchmarkDotNet.Attributes;
using Inkport.Core.Media;

namespace Inkport.Benchmarks;

/// <summary>The Adler-32 every upload byte passes through, over the 20 MB csv, beside the plain byte loop
/// (RFC 1950's, reduced every 5,552 bytes) that the vectorised sum replaced.</summary>
[CorpusFile("csv-20mb.csv")]
public class ChecksumBenchmarks : CorpusBenchmark
{
    [Benchmark(Baseline = true)]
    public uint ByteLoop()
    {
        uint a = 1, b = 0;
        var data = Bytes.AsSpan();
        while (data.Length > 0)
        {
            var run = Math.Min(data.Length, 5552);
            foreach (var x in data[..run]) { a += x; b += a; }
            a %= 65521;
            b %= 65521;
            data = data[run..];
        }
        return (b << 16) | a;
    }

    [Benchmark]
    public uint InkportAdler32() => Adler32.Compute(Bytes);
}
