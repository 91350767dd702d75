"""handler-bypasses-service: a controller that looks the record up by id itself (404 or access
check) and hands the work to a service goes through the service; one that also writes through
the repository, or calls no service, still bypasses it. Expectations on exact lines."""
from __future__ import annotations

from conftest import scan, write_tree

TS = '''import { Body, Controller, NotFoundException, Post } from '@nestjs/common';

export class PageRepo {
  constructor(private readonly db: any) {}
  findById(id: string) { return this.db.selectFrom('pages').where('id', '=', id).executeTakeFirst(); }
  update(id: string, v: any) { return this.db.updateTable('pages').set(v).where('id', '=', id).execute(); }
  list() { return this.db.selectFrom('pages').selectAll().execute(); }
  insert(v: any) { return this.db.insertInto('pages').values(v).execute(); }
}

export class PageService {
  constructor(private readonly pageRepo: PageRepo) {}
  describe(page: any) { return this.pageRepo.findById(page.id); }
  list() { return this.pageRepo.list(); }
  create(dto: any) { return this.pageRepo.insert(dto); }
}

export class LabelRepo {
  constructor(private readonly db: any) {}
  forPage(id: string) { return this.db.selectFrom('labels').where('page_id', '=', id).execute(); }
}

export class LabelService {
  constructor(private readonly labelRepo: LabelRepo) {}
  labels(pageId: string) { return this.labelRepo.forPage(pageId); }
}

@Controller('pages')
export class PageController {
  constructor(private readonly pageRepo: PageRepo, private readonly pageService: PageService,
              private readonly labelService: LabelService) {}

  @Post('details')
  async details(@Body() dto: any) {
    const page = await this.pageRepo.findById(dto.id);
    if (!page) { throw new NotFoundException('Page not found'); }
    return this.labelService.labels(page.id);
  }

  @Post('list')
  list() { return this.pageService.list(); }

  @Post('create')
  create(@Body() dto: any) { return this.pageService.create(dto); }

  @Post('rename')
  async rename(@Body() dto: any) {
    const page = await this.pageRepo.findById(dto.id);
    await this.pageRepo.update(page.id, dto);
    return this.pageService.describe(page);
  }

  @Post('touch')
  touch(@Body() dto: any) { return this.pageRepo.update(dto.id, {}); }
}
'''


def test_lookup_before_a_service_is_no_bypass(tmp_path):
    write_tree(tmp_path, {"src/page.ts": TS})
    res = scan(tmp_path)
    got = {(f.rule_id, f.line) for f in res.findings if f.rule_id == "handler-bypasses-service"}
    want = {("handler-bypasses-service", 48),  # rename: pageRepo.update itself
            ("handler-bypasses-service", 54)}  # touch: no service at all
    assert got == want, f"missed {want - got}, extra {got - want}"
