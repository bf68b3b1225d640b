using Inkport.Core.Ids;

namespace Inkport.Core.Tests.Identifiers;

public class IdsTests
{
    [Fact]
    public void Every_id_has_its_feishu_shape()
    {
        Assert.Matches("^[A-Za-z0-9]{27}$", Ids.Ids.Token());
        Assert.Matches("^7[0-9]{18}$", Ids.Ids.Ticket());
        Assert.Matches("^t-[A-Za-z0-9]{40}$", Ids.Ids.AccessToken("t-"));
        Assert.Matches("^[a-z0-9]{6}$", Ids.Ids.SheetId());
        Assert.Matches("^tbl[A-Za-z0-9]{13}$", Ids.Ids.TableId());
        Assert.Matches("^fld[A-Za-z0-9]{7}$", Ids.Ids.FieldId());
        Assert.Matches("^rec[A-Za-z0-9]{7}$", Ids.Ids.RecordId());
        Assert.Matches("^opt[A-Za-z0-9]{7}$", Ids.Ids.OptionId());
        Assert.True(Ids.Ids.IsToken(Ids.Ids.Token()));
    }

    [Fact]
    public void Tokens_do_not_repeat_across_buffer_refills_and_threads()
    {
        var ids = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 4, _ =>
        {
            for (var i = 0; i < 25_000; i++) ids.Add(Ids.Ids.Token());
        });
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void Every_character_of_the_alphabet_is_about_equally_likely()
    {
        // 62 symbols; a modulo without rejection would make the first 8 a quarter more likely than the rest.
        var counts = new Dictionary<char, int>();
        const int Tokens = 20_000;
        for (var i = 0; i < Tokens; i++)
            foreach (var c in Ids.Ids.Token())
                counts[c] = counts.GetValueOrDefault(c) + 1;

        Assert.Equal(62, counts.Count);
        var expected = Tokens * 27 / 62.0; // ≈ 8,710 per symbol, standard deviation ≈ 93
        Assert.All(counts.Values, count => Assert.InRange(count, expected * 0.93, expected * 1.07));
    }
}
