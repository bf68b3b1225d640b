using Inkport.Core.Media;
using Inkport.Tests.Shared;

namespace Inkport.Core.Tests.Media;

public sealed class Adler32Tests
{
    [Fact]
    public void Matches_the_rfc_1950_reference_value() => Assert.Equal(0x11E60398u, Adler32.Compute("Wikipedia"u8));

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(5535)]
    [InlineData(5536)]
    [InlineData(5552)]
    [InlineData(5553)]
    [InlineData(1 << 20)]
    public void Agrees_with_the_definition_at_every_length_around_the_block_and_run_sizes(int length)
    {
        // All 0xFF is the worst case for the unreduced sums; random bytes catch a wrong weight or lane.
        var worst = new byte[length];
        Array.Fill(worst, (byte)0xFF);
        Assert.Equal(Adler32Reference.Of(worst), Adler32.Compute(worst));
        var random = new byte[length];
        new Random(length).NextBytes(random);
        Assert.Equal(Adler32Reference.Of(random), Adler32.Compute(random));
    }

    [Fact]
    public void Pieces_of_any_size_sum_as_the_whole()
    {
        var data = new byte[300_000];
        var random = new Random(1950);
        random.NextBytes(data);
        var expected = Adler32Reference.Of(data);
        for (var round = 0; round < 20; round++)
        {
            var adler = new Adler32();
            var at = 0;
            while (at < data.Length)
            {
                var n = Math.Min(data.Length - at, random.Next(0, round % 2 == 0 ? 100 : 20_000));
                adler.Update(data.AsSpan(at, n));
                at += n;
            }
            Assert.Equal(expected, adler.Value);
        }
    }
}
