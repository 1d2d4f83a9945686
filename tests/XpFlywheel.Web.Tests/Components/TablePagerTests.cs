using Microsoft.AspNetCore.Components;
using MudBlazor;
using XpFlywheel.Web.Components.Shared;

namespace XpFlywheel.Web.Tests.Components;

/// <summary>Paged tables word their position as every list does ("1–2 of 5"), and show no pager when one page holds every row.</summary>
public sealed class TablePagerTests : MudTestContext
{
    private IRenderedComponent<MudTable<int>> Table(int rows, int pageSize) => Render<MudTable<int>>(p => p
        .Add(t => t.Items, Enumerable.Range(1, rows).ToList())
        .Add(t => t.RowsPerPage, pageSize)
        .Add(t => t.RowTemplate, (RenderFragment<int>)(row => b => b.AddContent(0, row)))
        .Add(t => t.PagerContent, (RenderFragment)(b =>
        {
            b.OpenComponent<TablePager>(0);
            b.AddAttribute(1, nameof(TablePager.Total), rows);
            b.AddAttribute(2, nameof(TablePager.PageSize), pageSize);
            b.CloseComponent();
        })));

    [Fact]
    public void A_table_longer_than_a_page_tells_its_position_with_an_en_dash()
    {
        var table = Table(5, 2);

        Assert.Contains("1–2 of 5", table.Find("[data-testid=table-pager]").TextContent);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void An_empty_table_or_one_that_fits_a_page_has_no_pager(int rows) =>
        Assert.Empty(Table(rows, 2).FindAll("[data-testid=table-pager]"));
}
