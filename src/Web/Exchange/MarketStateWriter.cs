namespace XpFlywheel.Web.Exchange;

/// <summary>Saves the engine's counters with every batch: the next ids, the last price and the halt flag.</summary>
internal static class MarketStateWriter
{
    public static void Write(ExchangeJournal journal, ExchangeState state)
    {
        var engine = state.Engine.State;
        journal.Execute(
            """INSERT INTO "MarketState" ("Id","LastPriceTicks","NextOrderId","NextTradeId","NextSequence","NextPostingSequence","Halted") VALUES (1,@lp,@no,@nt,@ns,@np,@h) ON CONFLICT ("Id") DO UPDATE SET "LastPriceTicks"=excluded."LastPriceTicks","NextOrderId"=excluded."NextOrderId","NextTradeId"=excluded."NextTradeId","NextSequence"=excluded."NextSequence","NextPostingSequence"=excluded."NextPostingSequence","Halted"=excluded."Halted" """,
            ("lp", engine.LastTradePrice.Ticks), ("no", engine.NextOrderId), ("nt", engine.NextTradeId), ("ns", engine.NextSequence),
            ("np", state.Ledger.NextPostingSequence), ("h", engine.Halted));
    }
}
