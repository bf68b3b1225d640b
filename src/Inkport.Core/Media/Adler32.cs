using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Inkport.Core.Media;

/// <summary>Adler-32 (RFC 1950), the checksum Feishu's upload APIs take as a decimal string. Every upload byte
/// passes through it, so with AVX2 it sums 32 bytes a step (about ten times the byte loop's speed).</summary>
public struct Adler32
{
    private const uint Mod = 65521;
    // The largest n such that 255n(n+1)/2 + (n+1)(Mod-1) fits in 32 bits: sums can run that long unreduced.
    private const int MaxRun = 5552;
    private const int Block = 32;
    private uint _a = 1, _b = 0;

    public Adler32() { }

    public readonly uint Value => (_b << 16) | _a;

    public void Update(ReadOnlySpan<byte> data)
    {
        uint a = _a, b = _b;
        if (Avx2.IsSupported)
        {
            const int blockedRun = MaxRun / Block * Block;
            while (data.Length >= Block)
            {
                var run = Math.Min(data.Length, blockedRun) / Block * Block;
                (a, b) = AddBlocks(a, b, data[..run]);
                a %= Mod;
                b %= Mod;
                data = data[run..];
            }
        }
        while (data.Length > 0)
        {
            var run = Math.Min(data.Length, MaxRun);
            foreach (var x in data[..run]) { a += x; b += a; }
            a %= Mod; b %= Mod;
            data = data[run..];
        }
        _a = a; _b = b;
    }

    /// <summary>Whole 32-byte blocks, at most <see cref="MaxRun"/> bytes, unreduced. For a block of bytes x0..x31
    /// after earlier blocks, a grows by Σx and b by 32·a + Σ(32−i)·xi; the vectors keep Σx, the 32·a part of
    /// the earlier blocks (as the running sum of Σx before each block) and the weighted sums, lane by lane.</summary>
    private static (uint A, uint B) AddBlocks(uint a, uint b, ReadOnlySpan<byte> data)
    {
        var weights = Vector256.Create((sbyte)32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17,
            16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1);
        var ones = Vector256.Create((short)1);
        var sums = Vector256<uint>.Zero;
        var earlier = Vector256<uint>.Zero;
        var weighted = Vector256<uint>.Zero;
        ref var start = ref MemoryMarshal.GetReference(data);
        for (nuint at = 0; at < (nuint)data.Length; at += Block)
        {
            var bytes = Vector256.LoadUnsafe(ref start, at);
            earlier += sums;
            sums += Avx2.SumAbsoluteDifferences(bytes, Vector256<byte>.Zero).AsUInt32();
            weighted += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(bytes, weights), ones).AsUInt32();
        }
        // Within the run's bound every partial sum fits 32 bits, as in the byte loop.
        var blocks = (uint)(data.Length / Block);
        b += blocks * Block * a + Block * Vector256.Sum(earlier) + Vector256.Sum(weighted);
        a += Vector256.Sum(sums);
        return (a, b);
    }

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var adler = new Adler32();
        adler.Update(data);
        return adler.Value;
    }
}
