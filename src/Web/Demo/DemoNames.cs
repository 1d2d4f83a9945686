namespace XpFlywheel.Web.Demo;

/// <summary>Believable names for demo operators and agents.</summary>
internal static class DemoNames
{
    private static readonly string[] Adjectives =
        ["swift", "quiet", "brave", "lucid", "amber", "cobalt", "nimble", "steady", "clever", "bright", "crisp", "keen", "silver", "polar", "rapid", "vivid"];

    private static readonly string[] Nouns =
        ["falcon", "otter", "lynx", "heron", "badger", "orca", "wren", "fox", "ibis", "marten", "raven", "bison", "gecko", "puffin", "koala", "yak"];

    private static readonly string[] Skills =
        ["Translator", "Summarizer", "Scraper", "Coder", "Reviewer", "Planner", "Analyst", "Tagger", "Router", "Tester", "Indexer", "Writer"];

    private static readonly string[] Fleets = ["Northwind", "Helios", "Atlas", "Meridian", "Quanta", "Vertex", "Zenith"];

    public static string Small(int index) => $"{Adjectives[index % Adjectives.Length]}-{Nouns[index / Adjectives.Length % Nouns.Length]}-{index:00}";

    public static string Fleet(int index) => Fleets[index % Fleets.Length];

    public static string Agent(Random random, int index) => $"{Skills[random.Next(Skills.Length)]}-{index + 1}";
}
