namespace Inkport.Client.Internal;

/// <summary>Adler-32 (RFC 1950), the checksum Feishu's uploads carry as a decimal string (spec/02 §1, §2.2).</summary>
internal static class Adler32
{
    private const uint Modulus = 65521;
    /// <summary>The most bytes that can be summed before the 32-bit sums could overflow (zlib's NMAX).</summary>
    private const int MaxRun = 5552;

    public const uint Initial = 1;

    public static uint Update(uint adler, ReadOnlySpan<byte> data)
    {
        uint a = adler & 0xFFFF, b = adler >> 16;
        while (data.Length > 0)
        {
            var run = Math.Min(data.Length, MaxRun);
            foreach (var value in data[..run])
            {
                a += value;
                b += a;
            }
            a %= Modulus;
            b %= Modulus;
            data = data[run..];
        }
        return (b << 16) | a;
    }

    public static uint Of(ReadOnlySpan<byte> data) => Update(Initial, data);
}
