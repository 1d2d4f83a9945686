using CsCheck;
using XpFlywheel.Core.Matching;

namespace XpFlywheel.Core.Tests.Matching;

public class LongIntMapTests
{
    [Fact]
    public void Order_index_behaves_like_a_dictionary_through_inserts_removals_and_growth()
    {
        var operations = Gen.Select(Gen.Int[0, 2], Gen.Long[1, 300], Gen.Int[0, 1_000]).List[0, 2_000];
        operations.Sample(ops =>
        {
            var map = new LongIntMap(4);
            var expected = new Dictionary<long, int>();
            foreach (var (kind, key, value) in ops)
            {
                if (kind == 0)
                {
                    map.Set(key, value);
                    expected[key] = value;
                }
                else if (kind == 1)
                {
                    Assert.Equal(expected.Remove(key), map.Remove(key));
                }
                Assert.Equal(expected.TryGetValue(key, out var v), map.TryGet(key, out var actual));
                if (expected.ContainsKey(key))
                    Assert.Equal(v, actual);
            }
            Assert.Equal(expected.Count, map.Count);
            foreach (var (key, value) in expected)
                Assert.True(map.TryGet(key, out var found) && found == value);
        }, iter: 500, threads: 1);
    }

    [Fact]
    public void Key_zero_is_never_found_even_when_its_home_cell_is_taken()
    {
        // Key 0 marks empty cells, so a lookup of 0 must not land on whichever key sits in 0's home cell: a repeated
        // client order id whose first attempt was refused (order id 0) once reported another order's resting quantity.
        var map = new LongIntMap(4);
        for (long key = 1; key <= 64; key++)
            map.Set(key, (int)key);
        Assert.False(map.TryGet(0, out _));
        Assert.False(map.Remove(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => map.Set(0, 1));
    }
}
