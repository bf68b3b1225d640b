namespace Inkport.Core.Media;

/// <summary>Adler-32 (RFC 1950), the checksum Feishu's upload APIs take as a decimal string.</summary>
public struct Adler32
{
    private const uint Mod = 65521;
    // The largest n such that 255n(n+1)/2 + (n+1)(Mod-1) fits in 32 bits: sums can run that long unreduced.
    private const int MaxRun = 5552;
    private uint _a = 1, _b = 0;

    public Adler32() { }

    public readonly uint Value => (_b << 16) | _a;

    public void Update(ReadOnlySpan<byte> data)
    {
        uint a = _a, b = _b;
        while (data.Length > 0)
        {
            var run = Math.Min(data.Length, MaxRun);
            foreach (var x in data[..run]) { a += x; b += a; }
            a %= Mod; b %= Mod;
            data = data[run..];
        }
        _a = a; _b = b;
    }

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var adler = new Adler32();
        adler.Update(data);
        return adler.Value;
    }
}
