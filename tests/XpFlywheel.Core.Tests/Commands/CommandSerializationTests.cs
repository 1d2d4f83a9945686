using System.Reflection;
using System.Text.Json;
using CsCheck;
using XpFlywheel.Core.Commands;
using XpFlywheel.Core.Matching;

namespace XpFlywheel.Core.Tests.Commands;

/// <summary>The journal keeps commands as JSON: every command type reads back equal to what was written.</summary>
public class CommandSerializationTests
{
    public static TheoryData<string> CommandTypes() => new(CommandJson.Types.Values);

    [Theory]
    [MemberData(nameof(CommandTypes))]
    public void Every_command_type_round_trips_through_its_serialized_form(string name)
    {
        var type = CommandJson.Types.Single(t => t.Value == name).Key;
        Gen.Int.Select(Gen.Long, Gen.Bool).Sample((seed, sequence, keyed) =>
        {
            var random = new Random(seed);
            var command = Build(type, random) with
            {
                Sequence = Math.Abs(sequence % 1_000_000_000),
                At = new DateTime(2026, 11, 30, 10, 0, 0, DateTimeKind.Utc).AddTicks(random.NextInt64(0, TimeSpan.TicksPerDay * 365)),
                IdempotencyKey = keyed ? $"key-{seed}" : null,
            };
            var json = CommandJson.Serialize(command);
            var back = CommandJson.Deserialize(json);
            Assert.Equal(type, back.GetType());
            Assert.Equal(command, back);
            Assert.Equal(json, CommandJson.Serialize(back));
            Assert.Contains($"\"$type\":\"{name}\"", json);
        }, iter: 200);
    }

    [Fact]
    public void A_close_carrying_its_score_round_trips_with_every_line()
    {
        var score = new EpochScore(41, new DateTime(2026, 12, 1, 3, 0, 0, DateTimeKind.Utc), 1_000_000,
            XpFlywheel.Core.Economy.EpochParameters.Default with { MinJobs = 3 }, XpFlywheel.Core.Economy.ReputationRules.Default, 999_999, 0,
        [
            new EpochScoreLine(7, 3, true, 12, 34_500_000, 4, 0.25m, 0.123456789012345678m, 0.5m, 0.000001m, 0.333333333333333333m, 333_333),
            new EpochScoreLine(9, 3, true, 5, 1_000_000, 2, 0.75m, 0.876543210987654322m, 0.5m, 0.999999m, 0.666666666666666667m, 666_666),
            new EpochScoreLine(11, 4, false, 1, 0, 1, 0m, 0m, 0m, 0m, 0m, 0),
        ]);
        var command = new CloseEpoch(3, Early: false) { By = Actor.System("epochs"), Score = score, Sequence = 99, At = score.EndsAt };

        var json = CommandJson.Serialize(command);
        var back = Assert.IsType<CloseEpoch>(CommandJson.Deserialize(json));

        Assert.Equal(command, back);
        Assert.Equal(score.Lines, back.Score!.Lines);
        Assert.Equal(json, CommandJson.Serialize(back));
        // Prepared off the writer, the journal form is the same text.
        Assert.Equal(json, CommandJson.Serialize(command with { Score = (score with { }).Prepared() }));
        // A copy with other lines is serialized from its own lines, never from the prepared form it was copied from.
        var changed = score.Prepared() with { Lines = [.. score.Lines.Take(2)] };
        Assert.Equal(2, Assert.IsType<CloseEpoch>(CommandJson.Deserialize(CommandJson.Serialize(command with { Score = changed }))).Score!.Lines.Count);
    }

    [Fact]
    public void A_close_by_parts_round_trips_with_its_staged_totals()
    {
        var staged = new StagedClose(17, new DateTime(2026, 12, 2, 0, 0, 0, DateTimeKind.Utc), 1_000_000,
            XpFlywheel.Core.Economy.EpochParameters.Default, XpFlywheel.Core.Economy.ReputationRules.Default, 100_000, 999_999, 1);
        var command = new CloseEpoch(4, Early: true) { By = Actor.Admin("admin@example.com"), Staged = staged, Sequence = 7, At = staged.EndsAt };
        var back = Assert.IsType<CloseEpoch>(CommandJson.Deserialize(CommandJson.Serialize(command)));
        Assert.Equal(command, back);
        Assert.Equal(staged, back.Staged);
        Assert.Null(back.Score);
    }

    [Fact]
    public void Every_command_in_the_assembly_is_in_the_closed_set()
    {
        var declared = typeof(ExchangeCommand).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(ExchangeCommand)) && !t.IsAbstract).ToHashSet();
        Assert.Equal(declared, CommandJson.Types.Keys.ToHashSet());
        Assert.Equal(CommandJson.Types.Count, CommandJson.Types.Values.Distinct().Count());
    }

    [Fact]
    public void A_journal_row_that_is_not_a_command_is_refused()
    {
        Assert.ThrowsAny<JsonException>(() => CommandJson.Deserialize("""{"$type":"order.unknown","operatorId":1}"""));
        Assert.ThrowsAny<JsonException>(() => CommandJson.Deserialize("null"));
    }

    [Fact]
    public void Terms_ignore_sequence_time_and_key_but_not_the_request()
    {
        var a = new BurnXp(7, 100) { By = Actor.Operator(7), IdempotencyKey = "k", Sequence = 3, At = DateTime.UnixEpoch };
        var b = a with { IdempotencyKey = "other", Sequence = 9, At = DateTime.UtcNow };
        Assert.Equal(a.Terms(), b.Terms());
        Assert.NotEqual(a.Terms(), (a with { Xp = 101 }).Terms());
        Assert.NotEqual(a.Terms(), (a with { By = Actor.Operator(8) }).Terms());
    }

    // Builds a command of the given type with random values for every constructor parameter.
    private static ExchangeCommand Build(Type type, Random random)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var args = constructor.GetParameters().Select(p => Value(p.ParameterType, random)).ToArray();
        var command = (ExchangeCommand)constructor.Invoke(args);
        var actor = random.Next(3) switch
        {
            0 => Actor.Operator(random.NextInt64(1, 100_000)),
            1 => Actor.Admin($"admin{random.Next(100)}@example.com"),
            _ => Actor.System("epochs"),
        };
        return command with { By = actor };
    }

    private static object? Value(Type type, Random random)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner)
            return random.Next(3) == 0 ? null : Value(inner, random);
        if (type == typeof(long)) return random.NextInt64(0, long.MaxValue);
        if (type == typeof(int)) return random.Next();
        if (type == typeof(bool)) return random.Next(2) == 0;
        if (type == typeof(string)) return random.Next(4) == 0 ? null : $"text \"{random.Next()}\" é ✓";
        if (type == typeof(DateTime)) return new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(random.Next());
        if (type.IsEnum)
        {
            var values = Enum.GetValues(type);
            return values.GetValue(random.Next(values.Length));
        }
        if (type == typeof(IReadOnlyList<long>))
            return Enumerable.Range(0, random.Next(0, 20)).Select(_ => random.NextInt64(1, 1_000_000)).ToArray();
        if (type == typeof(IReadOnlyList<EpochScoreLine>))
            return Enumerable.Range(0, random.Next(0, 6)).Select(i => new EpochScoreLine(random.NextInt64(1, 1_000_000), random.NextInt64(1, 10_000),
                random.Next(2) == 0, random.Next(0, 1_000), random.NextInt64(0, 1_000_000_000_000), random.Next(0, 100), random.Next(0, 1_000_000) / 1_000_000m,
                random.Next(0, 1_000_000) / 1_000_000m, random.Next(0, 1_000_000) / 1_000_000m, random.Next(0, 1_000_000) / 1_000_000m,
                random.NextInt64(0, 1_000_000_000_000_000_000) / 1_000_000_000_000_000_000m, random.NextInt64(0, 1_000_000_000))).ToArray();
        if (type == typeof(IReadOnlyList<XpFlywheel.Core.Economy.FeeTier>))
            return Enumerable.Range(0, random.Next(1, 6)).Select(i => new XpFlywheel.Core.Economy.FeeTier($"Tier {i} ✓", random.Next(0, 300) / 10_000m,
                new XpFlywheel.Core.Primitives.Xp(random.NextInt64(0, 1_000_000_000)))).ToArray();
        if (type == typeof(XpFlywheel.Core.Economy.LockPolicy))
            return new XpFlywheel.Core.Economy.LockPolicy(TimeSpan.FromSeconds(random.Next()));
        if (type == typeof(XpFlywheel.Core.Economy.EpochParameters))
            return new XpFlywheel.Core.Economy.EpochParameters(TimeSpan.FromMinutes(random.Next(1, 100_000)), random.Next(0, 50),
                new XpFlywheel.Core.Economy.EpochWeights(random.Next(0, 100) / 100m, random.Next(0, 100) / 100m, random.Next(0, 100) / 100m, random.Next(0, 100) / 100m),
                new XpFlywheel.Core.Primitives.Xp(random.NextInt64(0, 1_000_000_000)), new XpFlywheel.Core.Primitives.Xp(random.NextInt64(0, 1_000_000_000)));
        if (type == typeof(XpFlywheel.Core.Economy.ReputationRules))
            return new XpFlywheel.Core.Economy.ReputationRules(new XpFlywheel.Core.Primitives.Cash(random.NextInt64(1, 1_000_000_000)),
                random.Next(1, 101) / 100m, TimeSpan.FromMinutes(random.Next(0, 100_000)));
        if (type == typeof(XpFlywheel.Core.Otc.OtcParameters))
            return new XpFlywheel.Core.Otc.OtcParameters(random.Next(0, 1_001), random.Next(0, 1_001), random.Next(1, 10_001),
                random.Next(2) == 0 ? null : TimeSpan.FromSeconds(random.Next(1, 600)), random.Next(2) == 0 ? null : TimeSpan.FromSeconds(random.Next(10, 86_400)));
        if (type == typeof(MarketParameters))
            return new MarketParameters(random.Next(0, 1_001), random.Next(0, 1_001), random.Next(1, 10_001), (SelfTradePrevention)random.Next(0, 3),
                random.Next(1, 100_001), random.NextInt64(1, MatchingEngine.MaxPriceTicks + 1));
        throw new InvalidOperationException($"No generator for {type}: add one when a command gains a field of a new type.");
    }
}
