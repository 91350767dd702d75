"""missing-auth: a login is public by design by what it does (checks what the request presents,
then hands out a credential), whatever its path is called; a route that mints a token without
checking anything stays reported. Expectations on exact lines."""
from __future__ import annotations

from conftest import assert_findings

NEST = '''import { Body, Controller, Delete, Get, Param, Post, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { JwtService } from '@nestjs/jwt';

export class AuthService {
  constructor(private readonly jwtService: JwtService, private readonly users: any) {}

  async validateAccessToken(accessToken: string) {
    const user = await this.users.findByTokenHash(accessToken);
    if (!user) { throw new Error('forbidden'); }
    return this.jwtService.sign({ id: user.id });
  }

  mintToken(id: string) {
    return this.jwtService.sign({ id });
  }
}

@Controller('session')
export class SessionController {
  constructor(private readonly authService: AuthService) {}

  @Get('devices')
  @UseGuards(AuthGuard('jwt'))
  devices() { return []; }

  @Delete('devices/:id')
  @UseGuards(AuthGuard('jwt'))
  removeDevice(@Param('id') id: string) { return id; }

  @Post('anonymous')
  async accessTokenLogin(@Body() body: { accessToken: string }) {
    const authToken = await this.authService.validateAccessToken(body.accessToken);
    return { authToken };
  }

  @Post('impersonate/:id')
  impersonate(@Param('id') id: string) {
    return { authToken: this.authService.mintToken(id) };
  }
}
'''


def test_login_by_behaviour_is_public_minting_is_not(tmp_path):
    assert_findings(tmp_path, {"src/session.controller.ts": NEST},
                    "missing-auth", {("missing-auth", 37)})
